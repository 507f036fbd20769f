/**
 * The chaincode cannot import the swaybot project, so it carries its own canonical JSON, event
 * hash, schema and RFC 6962 Merkle code. These properties check, on random events, that both
 * sides agree byte for byte: a proof or root from Fabric verifies with ledger/merkle.ts and
 * an event the ledger accepts is one the chaincode accepts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson as cJson, sha256 } from '../src/hashing.js';
import { LedgerContract } from '../src/ledger-contract.js';
import { auditPath, leafOf, rootOf } from '../src/merkle.js';
import { eventIssues, hashEvent } from '../src/validate.js';
import { MemoryStub, TestIdentity, contextFor, writer } from './memory-stub.js';
import { canonicalJson } from '../../json/canonical.js';
import { eventHash, parseEvent, type LedgerEvent } from '../../ledger/event.js';
import { inclusionProof, leafHash, merkleRoot, verifyProof } from '../../ledger/merkle.js';

const text = (max: number) => fc.string({ unit: 'binary', minLength: 1, maxLength: max }).filter((s) => !s.includes('\u0000'));
const word = fc.stringMatching(/^[a-z][a-z0-9_]{0,6}$/);
const offset = fc.oneof(fc.constant('Z'), fc.tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([s, h, m]) => `${s}${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`));
const time = fc
  .tuple(fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2999-12-31T23:59:59Z'), noInvalidDate: true }), fc.integer({ min: 0, max: 3 }), offset)
  .map(([d, digits, off]) => d.toISOString().slice(0, 19) + (digits ? `.${d.toISOString().slice(20, 20 + digits).padEnd(digits, '0')}` : '') + off);

/** Events as callers hand them to the ledger; parseEvent fills in payloadHash. */
const eventInput = fc.record(
  {
    id: text(512),
    type: fc.array(word, { minLength: 2, maxLength: 4 }).map((parts) => parts.join('.')),
    subject: fc.record({ kind: fc.constantFrom('incident', 'host', 'service', 'runbook'), id: text(200) }),
    actor: text(200),
    time,
    payload: fc.jsonValue({ maxDepth: 3 }),
  },
  { requiredKeys: ['id', 'type', 'subject', 'actor', 'time'] },
);

describe('chaincode hashing agrees with ledger/', () => {
  it('canonical JSON, event hashes and validation match on random events', () => {
    fc.assert(
      fc.property(eventInput, (input) => {
        const event: LedgerEvent = parseEvent(input);
        expect(cJson(event)).toBe(canonicalJson(event));
        expect(hashEvent(event)).toBe(eventHash(event));
        expect(eventIssues(event, 'e')).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('Merkle roots and audit paths match for every batch size and leaf', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { minLength: 1, maxLength: 70 }), fc.nat(), (seeds, pick) => {
        const hashes = seeds.map((s) => sha256(s));
        const leaves = hashes.map(leafHash);
        expect(hashes.map(leafOf)).toEqual(leaves);
        expect(rootOf(leaves)).toBe(merkleRoot(leaves));
        const index = pick % leaves.length;
        expect(auditPath(leaves, index)).toEqual(inclusionProof(leaves, index).path);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses what the ledger refuses: a sample of invalid events', () => {
    const good = parseEvent({ id: 'a', type: 'incident.opened', subject: { kind: 'host', id: 'h' }, actor: 'me', time: '2026-02-28T00:00:00Z' });
    for (const bad of [{ time: '2026-02-29T00:00:00Z' }, { time: '2026-11-22T10:00Z' }, { time: '2026-11-22T10:00:00' }, { type: 'opened' }, { actor: '' }, { payloadHash: 'ABC' }, { id: 'x'.repeat(513) }]) {
      const candidate = { ...good, ...bad };
      expect(() => parseEvent(candidate)).toThrow();
      expect(eventIssues(candidate, 'e')).not.toEqual([]);
    }
  });
});

describe('chaincode proofs verify with ledger/merkle.ts', () => {
  const contract = new LedgerContract();
  const reader = (stub: MemoryStub) => contextFor(stub, new TestIdentity('Org2MSP'));

  it('GetBatch and ProveEvent give a root and proofs that verifyProof accepts, and tampering fails', async () => {
    const stub = new MemoryStub();
    const events = ['a', 'b', 'c', 'd', 'e'].map((id) => parseEvent({ id, type: 'runbook.step.started', subject: { kind: 'host', id: 'h' }, actor: 'swaybot', time: '2026-11-22T10:00:00Z', payload: { id } }));
    const root = merkleRoot(events.map((e) => leafHash(eventHash(e))));
    await contract.AppendBatch(contextFor(stub, writer()), JSON.stringify({ root, events }));
    const batch = JSON.parse(await contract.GetBatch(reader(stub), '1')) as { root: string; size: number };
    expect(batch).toMatchObject({ root, size: 5 });
    for (const e of events) {
      const proof = JSON.parse(await contract.ProveEvent(reader(stub), e.id)) as { leafHash: string; eventHash: string; index: number; size: number; path: string[]; root: string };
      expect(proof.eventHash).toBe(eventHash(e));
      expect(verifyProof(proof.leafHash, proof, root)).toBe(true);
      expect(verifyProof(proof.leafHash, { ...proof, index: (proof.index + 1) % 5 }, root)).toBe(false);
    }
    await expect(contract.ProveEvent(reader(stub), 'nope')).rejects.toThrow('NOT_FOUND: no committed event with id `nope`');
  });
});
