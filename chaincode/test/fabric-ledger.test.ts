/**
 * FabricLedger (ledger/fabric) against the real LedgerContract through ContractPort: batching,
 * receipts and proofs, idempotent re-appends, retries and refusals, as a caller sees them.
 */
import { status } from '@grpc/grpc-js';
import { StatusCode } from '@hyperledger/fabric-gateway';
import { describe, expect, it } from 'vitest';
import { DuplicateEventError } from '../../ledger/errors/duplicate-event.js';
import { LedgerRejectedError } from '../../ledger/errors/ledger-rejected.js';
import { UnknownEventError } from '../../ledger/errors/unknown-event.js';
import type { EventInput } from '../../ledger/event.js';
import { encodeBatch } from '../../ledger/fabric/batch.js';
import { FabricLedger } from '../../ledger/fabric/fabric-ledger.js';
import { verifyProof } from '../../ledger/merkle.js';
import { commitFailure, commitStatusFailure } from '../../test/fabric/fabric-errors.js';
import { ContractPort } from './contract-port.js';
import { MemoryStub, TestIdentity, writer } from './memory-stub.js';
import { rootOf, leafOf } from '../src/merkle.js';
import { hashEvent, type ChainEvent } from '../src/validate.js';

const fast = { attempts: 4, baseDelayMs: 1, maxDelayMs: 2 };
const ev = (id: string, extra: Partial<EventInput> = {}): EventInput => ({
  id, type: 'runbook.step.succeeded', subject: { kind: 'host', id: 'web-1' }, actor: 'swaybot', time: '2026-11-22T10:00:00Z', payload: { id }, ...extra,
});

function setup(options: ConstructorParameters<typeof FabricLedger>[1] = {}) {
  const port = new ContractPort(new MemoryStub(), writer());
  return { port, ledger: new FabricLedger(port, { retry: fast, ...options }) };
}

describe('FabricLedger over the LedgerContract', () => {
  it('group-commits concurrent appends into one transaction and returns receipts that prove', async () => {
    const { port, ledger } = setup();
    const receipts = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((id) => ledger.append(ev(id))));
    expect(port.submits).toBe(1);
    expect(receipts.map((r) => [r.eventId, r.batch, r.index])).toEqual([['a', 1, 0], ['b', 1, 1], ['c', 1, 2], ['d', 1, 3], ['e', 1, 4]]);
    for (const r of receipts) {
      const proof = await ledger.prove(r.eventId);
      expect(proof.root).toBe(r.root);
      expect(verifyProof(proof.leafHash, proof, r.root)).toBe(true);
    }
    expect(await ledger.get('c')).toMatchObject({ id: 'c', payload: { id: 'c' } });
    expect((await ledger.query({ subject: { kind: 'host', id: 'web-1' }, limit: 2 })).map((e) => e.id)).toEqual(['a', 'b']);
    expect(await ledger.get('zz')).toBeUndefined();
    await expect(ledger.prove('zz')).rejects.toThrow(UnknownEventError);
    expect(await ledger.verify()).toMatchObject({ ok: true, events: 5, batches: 1 });
    await ledger.close();
  });

  it('answers a re-append with the first receipt, and different content under a known id with DuplicateEventError', async () => {
    const { port, ledger } = setup();
    const first = await ledger.append(ev('a'));
    expect(await ledger.append(ev('a'))).toEqual(first);
    await expect(ledger.append(ev('a', { actor: 'mallory' }))).rejects.toThrow(DuplicateEventError);
    // Same id twice in one gathering, plus a new one: one transaction, shared receipt.
    const [x, y, z] = await Promise.all([ledger.append(ev('x')), ledger.append(ev('x')), ledger.append(ev('a'))]);
    expect(y).toEqual(x);
    expect(z).toEqual(first);
    expect(JSON.parse(await port.evaluate('GetBatch', '2'))).toMatchObject({ eventIds: ['x'] });
    await ledger.close();
  });

  it('retries an MVCC conflict within the call, and leaves a lost commit status to the activity retry, which the chain answers', async () => {
    const { port, ledger } = setup();
    port.beforeSubmit = (n) => {
      if (n === 1) throw commitFailure(StatusCode.MVCC_READ_CONFLICT);
    };
    port.afterSubmit = (n) => {
      if (n === 2) throw commitStatusFailure(status.DEADLINE_EXCEEDED); // committed, but we never heard
    };
    const first = await Promise.allSettled([ledger.append(ev('a')), ledger.append(ev('b'))]);
    for (const r of first) expect(r).toMatchObject({ status: 'rejected', reason: { name: 'LedgerUnavailableError', retryable: true } });
    // What the activity's retry does: the batch did commit, so the chain answers with its receipts.
    const receipts = await Promise.all([ledger.append(ev('a')), ledger.append(ev('b'))]);
    expect(receipts.map((r) => [r.eventId, r.batch, r.index])).toEqual([['a', 1, 0], ['b', 1, 1]]);
    expect(port.submits).toBe(3);
    expect(await ledger.verify()).toMatchObject({ ok: true, events: 2, batches: 1 });
    await ledger.close();
  });

  it('fails every append of a refused batch with LedgerRejectedError (not retryable)', async () => {
    const { port, ledger } = setup();
    port.identity = new TestIdentity('Org1MSP');
    const results = await Promise.allSettled([ledger.append(ev('a')), ledger.append(ev('b'))]);
    for (const r of results) {
      expect(r.status).toBe('rejected');
      const error = (r as PromiseRejectedResult).reason as LedgerRejectedError;
      expect(error).toBeInstanceOf(LedgerRejectedError);
      expect(error).toMatchObject({ retryable: false, code: 'ACCESS_DENIED' });
      expect(error.message).toContain('needs the certificate attribute swaybot.role=writer');
    }
    expect(port.submits).toBe(1);
    await ledger.close();
  });

  it('keeps payloads off-chain when asked: only the hash reaches the chaincode', async () => {
    const { port, ledger } = setup({ payloads: 'off-chain' });
    const receipt = await ledger.append(ev('a', { payload: { secret: 'kept here' } }));
    expect(await ledger.get('a')).not.toHaveProperty('payload');
    expect([...port.stub.state.values()].some((v) => Buffer.from(v).toString().includes('kept here'))).toBe(false);
    expect(verifyProof((await ledger.prove('a')).leafHash, await ledger.prove('a'), receipt.root)).toBe(true);
    await ledger.close();
  });

  it('verify reports a stored event whose fields no longer match its batch', async () => {
    const { port, ledger } = setup();
    await ledger.append(ev('a'));
    const key = port.stub.createCompositeKey('event', ['a']);
    const record = JSON.parse(Buffer.from(port.stub.state.get(key)!).toString()) as { event: { actor: string } };
    record.event.actor = 'mallory';
    port.stub.state.set(key, Buffer.from(JSON.stringify(record)));
    expect(await ledger.verify()).toMatchObject({ ok: false, problems: [{ batch: 1, eventId: 'a', reason: 'event fields do not match the hash committed in its batch' }] });
    await ledger.close();
  });
});

describe('encodeBatch', () => {
  it('sends canonical JSON with the root the chaincode computes, payloads only when on-chain', async () => {
    const { parseEvent } = await import('../../ledger/event.js');
    const events = [parseEvent(ev('b')), parseEvent(ev('a'))];
    const on = encodeBatch(events, 'on-chain');
    const off = encodeBatch(events, 'off-chain');
    expect(on.root).toBe(rootOf(events.map((e) => leafOf(hashEvent(e as ChainEvent)))));
    expect(off.root).toBe(on.root);
    expect(on.json.startsWith('{"events":[{"actor":"swaybot","id":"b","payload":{"id":"b"},"payloadHash":"')).toBe(true);
    expect(off.json).not.toContain('"payload":');
    expect(encodeBatch(events, 'on-chain').json).toBe(on.json);
    expect(() => encodeBatch([], 'on-chain')).toThrow('A batch needs at least one event');
  });
});
