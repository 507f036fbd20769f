/**
 * FabricLedger against a real Fabric dev network (`npm run fabric:up`): append, query and prove
 * round trip; refusals for an identity without the writer attribute, an invalid event and a
 * reused id, each with the chaincode's own message. These run only where the network is up or
 * Fabric's binaries exist (the one allowed exception to "no skips": Fabric cannot be built on
 * this project's machines, see docs/fabric.md); the reason is printed once when they do not.
 * A network this file had to start is stopped afterwards (only the processes it started); one
 * it found running is left running.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuplicateEventError } from '../../ledger/errors/duplicate-event.js';
import { LedgerRejectedError } from '../../ledger/errors/ledger-rejected.js';
import { parseEvent, type EventInput } from '../../ledger/event.js';
import { encodeBatch } from '../../ledger/fabric/batch.js';
import { FabricLedger } from '../../ledger/fabric/fabric-ledger.js';
import { connectGateway, type ChaincodePort } from '../../ledger/fabric/gateway.js';
import { loadProfile } from '../../ledger/fabric/profile.js';
import { withRetry } from '../../ledger/fabric/retry.js';
import { verifyProof } from '../../ledger/merkle.js';
import { ensureNetwork, fabricUnavailableReason, profileFile, scriptControl, type NetworkLease } from './support.js';

const reason = await fabricUnavailableReason();
if (reason) console.warn(`[test/fabric/network] not run: ${reason}`);

describe.runIf(reason === undefined)('FabricLedger on the Fabric dev network', () => {
  const run = randomUUID().slice(0, 8);
  const ev = (name: string, extra: Partial<EventInput> = {}): EventInput => ({
    id: `test-${run}/${name}`, type: 'runbook.step.succeeded', subject: { kind: 'host', id: `web-${run}` }, actor: 'swaybot',
    time: '2026-11-22T10:00:00Z', payload: { name }, ...extra,
  });
  let writer: FabricLedger;
  let reader: FabricLedger;
  let raw: ChaincodePort;
  let network: NetworkLease | undefined;

  beforeAll(async () => {
    // fabric:up is idempotent: it starts only what is not running; the lease remembers what that was.
    network = await ensureNetwork(scriptControl());
    if (network.started.length > 0) console.warn(`[test/fabric/network] started ${network.started.join(', ')}; stopped again after the tests`);
    writer = await FabricLedger.connect(profileFile, 'writer');
    reader = await FabricLedger.connect(profileFile, 'reader');
    raw = await connectGateway(await loadProfile(profileFile), 'writer');
  }, 600_000);

  afterAll(async () => {
    await writer?.close();
    await reader?.close();
    raw?.close();
    network?.release();
  }, 120_000);

  it('appends concurrently, then gets, queries and proves what it appended', async () => {
    const receipts = await Promise.all(['a', 'b', 'c'].map((n) => writer.append(ev(n))));
    // Appends made together travel together: one AppendBatch transaction, one root, one index each.
    expect(new Set(receipts.map((r) => r.batch)).size).toBe(1);
    expect(new Set(receipts.map((r) => r.root)).size).toBe(1);
    expect(receipts.map((r) => r.index).sort()).toEqual([0, 1, 2]);
    for (const r of receipts) {
      const proof = await reader.prove(r.eventId);
      expect(proof.root).toBe(r.root);
      expect(verifyProof(proof.leafHash, proof, r.root)).toBe(true);
    }
    expect(await reader.get(`test-${run}/b`)).toMatchObject({ payload: { name: 'b' } });
    const found = await reader.query({ subject: { kind: 'host', id: `web-${run}` } });
    expect(found.map((e) => e.id).sort()).toEqual(['a', 'b', 'c'].map((n) => `test-${run}/${n}`));
  });

  it('refuses an identity without swaybot.role=writer, with the chaincode\'s message', async () => {
    const attempt = reader.append(ev('from-reader'));
    await expect(attempt).rejects.toBeInstanceOf(LedgerRejectedError);
    await expect(attempt).rejects.toMatchObject({ code: 'ACCESS_DENIED', retryable: false });
    await expect(attempt).rejects.toThrow('appending needs the certificate attribute swaybot.role=writer');
  });

  it('refuses an invalid event with the chaincode\'s message naming the field', async () => {
    const bad = { ...parseEvent(ev('bad')), type: 'Not A Type' };
    const attempt = withRetry('AppendBatch', () => raw.submit('AppendBatch', JSON.stringify({ root: encodeBatch([parseEvent(ev('bad'))], 'on-chain').root, events: [bad] })));
    await expect(attempt).rejects.toMatchObject({ code: 'INVALID_BATCH', retryable: false });
    await expect(attempt).rejects.toThrow('events[0].type: expected a dotted lowercase name');
  });

  it('refuses a reused id: the chaincode names it, FabricLedger answers retries and rejects changed content', async () => {
    const first = await writer.append(ev('dup'));
    expect(await writer.append(ev('dup'))).toEqual(first);
    await expect(writer.append(ev('dup', { actor: 'mallory' }))).rejects.toThrow(DuplicateEventError);
    const again = encodeBatch([parseEvent(ev('dup'))], 'on-chain').json;
    const attempt = withRetry('AppendBatch', () => raw.submit('AppendBatch', again));
    await expect(attempt).rejects.toMatchObject({ code: 'DUPLICATE_EVENT' });
    await expect(attempt).rejects.toThrow(`event id \`test-${run}/dup\` is already recorded (batch ${first.batch}, index ${first.index})`);
  });
});
