/**
 * How FabricLedger sizes its AppendBatch transactions (issue 9, point 8): up to 1,000 events
 * (the chaincode's cap) by default, cut into several transactions, in order, where the argument
 * would pass the byte cap. Against the real LedgerContract through ContractPort (no Fabric):
 * the chain's batch order follows the order of the appends, and every receipt still proves
 * against its batch's root and `verify` finds nothing wrong.
 */
import { describe, expect, it } from 'vitest';
import type { EventInput } from '../../ledger/event.js';
import { fabricLedgerConfigSchema } from '../../ledger/fabric/config-schema.js';
import { FabricLedger, MAX_TRANSACTION_EVENTS } from '../../ledger/fabric/fabric-ledger.js';
import { verifyProof } from '../../ledger/merkle.js';
import { MAX_BATCH_EVENTS } from '../src/validate.js';
import { ContractPort } from './contract-port.js';
import { MemoryStub, writer } from './memory-stub.js';

const fast = { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 };
const ev = (n: number, payload: unknown = { n }): EventInput => ({
  id: `e-${n}`, type: 'runbook.step.succeeded', subject: { kind: 'service', id: `svc-${n % 4}` }, actor: 'bench', time: new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString(), payload,
});

/** Submitted arguments, in order: how many events and how many bytes each AppendBatch carried. */
function recordingPort(): { port: ContractPort; sent: { events: number; bytes: number }[] } {
  const port = new ContractPort(new MemoryStub(), writer());
  const sent: { events: number; bytes: number }[] = [];
  const submit = port.submit.bind(port);
  port.submit = async (name, ...args) => {
    if (name === 'AppendBatch') sent.push({ events: (JSON.parse(args[0] as string) as { events: unknown[] }).events.length, bytes: Buffer.byteLength(args[0] as string) });
    return submit(name, ...args);
  };
  return { port, sent };
}

async function expectProvable(ledger: FabricLedger, receipts: { eventId: string; root: string }[]): Promise<void> {
  for (const r of receipts) {
    const proof = await ledger.prove(r.eventId);
    expect(verifyProof(proof.leafHash, proof, r.root)).toBe(true);
  }
}

describe('FabricLedger transaction size', () => {
  it('fills transactions up to the chaincode\'s 1,000 events by default (and in the config)', async () => {
    expect(MAX_TRANSACTION_EVENTS).toBe(MAX_BATCH_EVENTS);
    expect(fabricLedgerConfigSchema.parse({}).maxBatch).toBe(MAX_BATCH_EVENTS);
    const { port, sent } = recordingPort();
    const ledger = new FabricLedger(port, { retry: fast });
    const receipts = await Promise.all(Array.from({ length: 2000 }, (_, n) => ledger.append(ev(n))));
    expect(sent.map((s) => s.events)).toEqual([1000, 1000]);
    expect(ledger.stats).toMatchObject({ transactions: 2, items: 2000 });
    // The appends' order is the chain's order: batch 1 holds e-0…e-999, at their indexes.
    expect(receipts.map((r) => [r.batch, r.index])).toEqual(Array.from({ length: 2000 }, (_, n) => [n < 1000 ? 1 : 2, n % 1000]));
    await expectProvable(ledger, [receipts[0]!, receipts[999]!, receipts[1000]!, receipts[1999]!]);
    expect(await ledger.verify()).toMatchObject({ ok: true, events: 2000, batches: 2 });
    await ledger.close();
  });

  it('cuts a gathering into several transactions, in order, where the argument would pass the byte cap', async () => {
    const { port, sent } = recordingPort();
    const maxTransactionBytes = 64 * 1024;
    const ledger = new FabricLedger(port, { retry: fast, maxTransactionBytes });
    const pad = 'x'.repeat(2000);
    const receipts = await Promise.all(Array.from({ length: 100 }, (_, n) => ledger.append(ev(n, { n, pad }))));
    expect(sent.length).toBeGreaterThan(2);
    for (const s of sent) expect(s.bytes).toBeLessThanOrEqual(maxTransactionBytes + 100); // + the `{"events":[…],"root":"…"}` frame
    expect(sent.reduce((sum, s) => sum + s.events, 0)).toBe(100);
    expect(ledger.stats).toMatchObject({ transactions: sent.length, batches: 1, items: 100 });
    // Batch numbers rise with the append order, indexes restart in each transaction.
    const order = receipts.map((r) => [r.batch, r.index]);
    expect(order).toEqual([...order].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!));
    expect(new Set(receipts.map((r) => r.batch)).size).toBe(sent.length);
    await expectProvable(ledger, receipts);
    expect(await ledger.verify()).toMatchObject({ ok: true, events: 100, batches: sent.length });
    await ledger.close();
  });

  it('sends an event larger than the cap alone, and off-chain payloads do not count', async () => {
    const { port, sent } = recordingPort();
    const ledger = new FabricLedger(port, { retry: fast, maxTransactionBytes: 4096 });
    await Promise.all([ledger.append(ev(0)), ledger.append(ev(1, { big: 'y'.repeat(10_000) })), ledger.append(ev(2))]);
    expect(sent.map((s) => s.events)).toEqual([1, 1, 1]);
    await ledger.close();

    const off = recordingPort();
    const offChain = new FabricLedger(off.port, { retry: fast, maxTransactionBytes: 4096, payloads: 'off-chain' });
    await Promise.all([offChain.append(ev(0)), offChain.append(ev(1, { big: 'y'.repeat(10_000) })), offChain.append(ev(2))]);
    expect(off.sent.map((s) => s.events)).toEqual([3]);
    await offChain.close();
  });

  it('keeps the receipts of the transactions that committed when a later one fails', async () => {
    const { port, sent } = recordingPort();
    const ledger = new FabricLedger(port, { retry: fast, maxTransactionBytes: 4096 });
    port.beforeSubmit = (n) => {
      if (n === 2) throw new Error('the orderer went away');
    };
    const pad = 'z'.repeat(1500);
    const results = await Promise.allSettled(Array.from({ length: 6 }, (_, n) => ledger.append(ev(n, { n, pad }))));
    expect(sent.length).toBe(2);
    const first = sent[0]!.events;
    expect(results.slice(0, first).every((r) => r.status === 'fulfilled')).toBe(true);
    expect(results.slice(first).map((r) => r.status === 'rejected' && (r.reason as Error).message)).toEqual(Array(6 - first).fill('the orderer went away'));
    await ledger.close();
  });
});
