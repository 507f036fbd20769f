import { describe, expect, it } from 'vitest';
import { canonicalJson, sha256 } from '../src/hashing.js';
import { BATCH_EVENT, LedgerContract } from '../src/ledger-contract.js';
import { leafOf, rootOf } from '../src/merkle.js';
import { hashEvent, type ChainEvent } from '../src/validate.js';
import { MemoryStub, TestIdentity, contextFor, writer } from './memory-stub.js';

const contract = new LedgerContract();

function event(id: string, time: string, over: Partial<ChainEvent> = {}): ChainEvent {
  return { id, type: 'runbook.step.started', subject: { kind: 'host', id: 'web-1' }, actor: 'swaybot', time, payloadHash: sha256('null'), ...over };
}

/** A batch whose root is right for its events. */
function batchOf(events: ChainEvent[]): string {
  return JSON.stringify({ root: rootOf(events.map((e) => leafOf(hashEvent(e)))), events });
}

async function append(stub: MemoryStub, events: ChainEvent[]): Promise<{ batch: number; root: string; size: number }> {
  return JSON.parse(await contract.AppendBatch(contextFor(stub, writer()), batchOf(events))) as { batch: number; root: string; size: number };
}

const reader = (stub: MemoryStub) => contextFor(stub, new TestIdentity('Org1MSP'));
const ids = (json: string): string[] => (JSON.parse(json) as { event: { id: string } }[]).map((r) => r.event.id);

describe('LedgerContract.AppendBatch', () => {
  it('stores a batch, numbers it, and announces it with one chaincode event', async () => {
    const stub = new MemoryStub();
    const first = await append(stub, [event('a', '2026-11-22T10:00:00Z'), event('b', '2026-11-22T10:00:01Z')]);
    expect(first).toMatchObject({ batch: 1, size: 2 });
    expect((await append(stub, [event('c', '2026-11-22T10:00:02Z')])).batch).toBe(2);

    const got = JSON.parse(await contract.GetEvent(reader(stub), 'b')) as { batch: number; index: number; hash: string };
    expect(got).toMatchObject({ batch: 1, index: 1, hash: hashEvent(event('b', '2026-11-22T10:00:01Z')) });
    expect(stub.events.map((e) => e.name)).toEqual([BATCH_EVENT, BATCH_EVENT]);
    expect(JSON.parse(stub.events[0]!.payload)).toEqual({ batch: 1, root: first.root, size: 2, eventIds: ['a', 'b'] });
    expect(await contract.GetEvent(reader(stub), 'nope')).toBe('null');
  });

  it('keeps a payload sent on-chain and stores only the hash of one kept off-chain', async () => {
    const stub = new MemoryStub();
    const payload = { exitCode: 0, host: 'web-1' };
    const on = event('on', '2026-11-22T10:00:00Z', { payload, payloadHash: sha256(canonicalJson(payload)) });
    const off = event('off', '2026-11-22T10:00:00Z', { payloadHash: sha256(canonicalJson(payload)) });
    await append(stub, [on, off]);
    expect((JSON.parse(await contract.GetEvent(reader(stub), 'on')) as { event: ChainEvent }).event.payload).toEqual(payload);
    expect(JSON.parse(await contract.GetEvent(reader(stub), 'off'))).not.toHaveProperty('event.payload');
  });

  it('writes the same bytes for the same batch on every peer (no clock, no randomness)', async () => {
    const [s1, s2] = [new MemoryStub(), new MemoryStub()];
    const events = [event('a', '2026-11-22T10:00:00+02:00'), event('b', '2026-11-22T09:00:00Z')];
    await append(s1, events);
    await append(s2, events);
    const dump = (s: MemoryStub) => [...s.state].map(([k, v]) => [k, Buffer.from(v).toString('hex')]);
    expect(dump(s1)).toEqual(dump(s2));
  });

  it('rejects an invalid event naming every bad field, and writes nothing', async () => {
    const stub = new MemoryStub();
    const bad = { ...event('x', 'yesterday'), type: 'Step Started', subject: { kind: 'planet', id: 'mars' }, extra: 1 };
    const attempt = contract.AppendBatch(contextFor(stub, writer()), JSON.stringify({ root: '0'.repeat(64), events: [bad] }));
    await expect(attempt).rejects.toThrow(/^INVALID_BATCH: .*events\[0\]\.extra: unknown field.*events\[0\]\.type: expected a dotted lowercase name.*events\[0\]\.subject\.kind: expected one of incident, host, service, runbook.*events\[0\]\.time: expected an ISO 8601/);
    await expect(contract.AppendBatch(contextFor(stub, writer()), '{not json')).rejects.toThrow(/^INVALID_BATCH: not JSON/);
    await expect(contract.AppendBatch(contextFor(stub, writer()), JSON.stringify({ root: '0'.repeat(64), events: [] }))).rejects.toThrow('events: expected a non-empty array');
    const lying = event('p', '2026-11-22T10:00:00Z', { payload: { a: 1 } });
    await expect(contract.AppendBatch(contextFor(stub, writer()), batchOf([lying]))).rejects.toThrow('events[0].payloadHash: does not match the payload');
    expect(stub.state.size).toBe(0);
  });

  it('rejects a batch whose root does not match its events', async () => {
    const stub = new MemoryStub();
    const events = [event('a', '2026-11-22T10:00:00Z')];
    const forged = JSON.stringify({ root: rootOf([leafOf(sha256('other'))]), events });
    await expect(contract.AppendBatch(contextFor(stub, writer()), forged)).rejects.toThrow(/^ROOT_MISMATCH: the batch says root [0-9a-f]{64} but its events hash to [0-9a-f]{64}$/);
    expect(stub.state.size).toBe(0);
  });

  it('rejects ids already recorded or repeated inside the batch, naming them', async () => {
    const stub = new MemoryStub();
    await append(stub, [event('a', '2026-11-22T10:00:00Z')]);
    const before = stub.state.size;
    const attempt = append(stub, [event('b', '2026-11-22T10:00:00Z'), event('a', '2026-11-22T10:00:00Z'), event('b', '2026-11-22T11:00:00Z')]);
    await expect(attempt).rejects.toThrow(
      'DUPLICATE_EVENT: event id `b` appears twice in this batch (events[0] and events[2]); event id `a` is already recorded (batch 1, index 0)',
    );
    expect(stub.state.size).toBe(before);
  });
});

describe('LedgerContract access control', () => {
  it('lets only Org1MSP identities with swaybot.role=writer append; anyone may read', async () => {
    const stub = new MemoryStub();
    const batch = batchOf([event('a', '2026-11-22T10:00:00Z')]);
    await expect(contract.AppendBatch(contextFor(stub, new TestIdentity('Org2MSP', { 'swaybot.role': 'writer' })), batch)).rejects.toThrow(
      'ACCESS_DENIED: only Org1MSP identities may append to the ledger; this one belongs to Org2MSP',
    );
    await expect(contract.AppendBatch(contextFor(stub, new TestIdentity('Org1MSP')), batch)).rejects.toThrow(
      'ACCESS_DENIED: appending needs the certificate attribute swaybot.role=writer; this identity has no such attribute',
    );
    await expect(contract.AppendBatch(contextFor(stub, new TestIdentity('Org1MSP', { 'swaybot.role': 'auditor' })), batch)).rejects.toThrow('swaybot.role=auditor');
    expect(stub.state.size).toBe(0);
    await append(stub, [event('a', '2026-11-22T10:00:00Z')]);
    expect(ids(`[${await contract.GetEvent(contextFor(stub, new TestIdentity('Org2MSP')), 'a')}]`)).toEqual(['a']);
  });
});

describe('LedgerContract queries', () => {
  async function seeded(): Promise<MemoryStub> {
    const stub = new MemoryStub();
    await append(stub, [
      event('late', '2026-11-23T01:00:00+02:00'), // 2026-11-22T23:00Z
      event('early', '2026-11-22T08:00:00Z'),
      event('db', '2026-11-22T09:00:00Z', { subject: { kind: 'service', id: 'db' } }),
    ]);
    await append(stub, [event('tie', '2026-11-22T08:00:00Z'), event('next-day', '2026-11-24T00:00:00Z')]);
    return stub;
  }

  it('QueryBySubject returns one subject\'s events in [from, to) by time, then commit order', async () => {
    const stub = await seeded();
    expect(ids(await contract.QueryBySubject(reader(stub), 'host', 'web-1', '', ''))).toEqual(['early', 'tie', 'late', 'next-day']);
    expect(ids(await contract.QueryBySubject(reader(stub), 'host', 'web-1', '2026-11-22T08:00:00Z', '2026-11-23T00:00:00Z'))).toEqual(['early', 'tie', 'late']);
    expect(ids(await contract.QueryBySubject(reader(stub), 'service', 'db', '', ''))).toEqual(['db']);
    await expect(contract.QueryBySubject(reader(stub), 'planet', 'x', '', '')).rejects.toThrow('BAD_QUERY: subject kind must be one of');
    await expect(contract.QueryBySubject(reader(stub), 'host', 'x', 'monday', '')).rejects.toThrow('BAD_QUERY: from must be an ISO 8601');
  });

  it('QueryByTime spans UTC days and offsets, and scans everything when unbounded', async () => {
    const stub = await seeded();
    expect(ids(await contract.QueryByTime(reader(stub), '2026-11-22T08:30:00Z', '2026-11-24T00:00:00Z'))).toEqual(['db', 'late']);
    expect(ids(await contract.QueryByTime(reader(stub), '2026-11-22T00:00:00Z', ''))).toEqual(['early', 'tie', 'db', 'late', 'next-day']);
    expect(ids(await contract.QueryByTime(reader(stub), '2000-01-01T00:00:00Z', '2030-01-01T00:00:00Z'))).toHaveLength(5);
  });

});
