/**
 * The chaincode as Fabric runs it: `npm start` (build, then fabric-chaincode-node's server,
 * chaincode as a service) driven over real gRPC by FakePeer with real protobuf messages and
 * signed proposals from real certificates. Checks what the peer would see: responses, status
 * 500 messages, the chaincode event, and state written only by successful transactions.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../src/hashing.js';
import { leafOf, rootOf } from '../src/merkle.js';
import { hashEvent, type ChainEvent } from '../src/validate.js';
import { makeCa, mint } from './certs.js';
import { FakePeer } from './fake-peer.js';

const dir = mkdtempSync(path.join(tmpdir(), 'swaybot-cc-grpc-'));
let server: ChildProcess | undefined;
let fakePeer: FakePeer;
let writer: Buffer;
let auditor: Buffer;

const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

beforeAll(async () => {
  const ca = makeCa(dir);
  writer = mint(ca, path.join(dir, 'writer'));
  auditor = mint(ca, path.join(dir, 'auditor'), 'auditor');
  const address = `127.0.0.1:${await freePort()}`;
  server = spawn('npm', ['start', '--silent'], {
    cwd: path.resolve(import.meta.dirname, '..'),
    env: { ...process.env, CHAINCODE_SERVER_ADDRESS: address, CHAINCODE_ID: 'swaybot_ledger_1:test' },
    detached: true,
    stdio: 'ignore',
  });
  // The server needs a moment to build and bind; retry the connection until it answers.
  for (let i = 0; ; i++) {
    fakePeer = new FakePeer(address);
    const ok = await Promise.race([fakePeer.ready().then(() => true, () => false), new Promise<boolean>((r) => setTimeout(() => r(false), 2000))]);
    if (ok) break;
    fakePeer.close();
    await new Promise((r) => setTimeout(r, 500));
    if (i > 60) throw new Error(`chaincode server at ${address} did not answer`);
  }
}, 120_000);

afterAll(() => {
  fakePeer?.close();
  if (server?.pid) process.kill(-server.pid, 'SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

const event = (id: string, time: string): ChainEvent => ({ id, type: 'incident.opened', subject: { kind: 'service', id: 'db' }, actor: 'swaybot', time, payloadHash: sha256('null') });
const batchOf = (events: ChainEvent[]): string => JSON.stringify({ root: rootOf(events.map((e) => leafOf(hashEvent(e)))), events });

describe('LedgerContract inside fabric-chaincode-node, over gRPC', () => {
  it('appends a batch, emits its event, and answers queries and proofs', async () => {
    const events = [event('a', '2026-11-22T10:00:00Z'), event('b', '2026-11-22T11:00:00+01:00')];
    const result = await fakePeer.invoke('Org1MSP', writer, 'AppendBatch', batchOf(events));
    expect(result).toMatchObject({ status: 200, event: { name: 'swaybot.ledger.batch' } });
    expect(JSON.parse(result.payload)).toMatchObject({ batch: 1, size: 2 });
    const byTime = await fakePeer.invoke('Org1MSP', auditor, 'QueryByTime', '2026-11-22T00:00:00Z', '2026-11-23T00:00:00Z');
    expect((JSON.parse(byTime.payload) as { event: { id: string } }[]).map((r) => r.event.id)).toEqual(['a', 'b']);
    const bySubject = await fakePeer.invoke('Org1MSP', auditor, 'QueryBySubject', 'service', 'db', '', '');
    expect(JSON.parse(bySubject.payload)).toHaveLength(2);
    const proof = await fakePeer.invoke('Org1MSP', auditor, 'LedgerContract:ProveEvent', 'b');
    expect(JSON.parse(proof.payload)).toMatchObject({ eventId: 'b', batch: 1, index: 1, size: 2, root: JSON.parse(result.payload).root });
  });

  it('answers refusals with status 500 and the chaincode\'s message, and writes nothing', async () => {
    const before = new Map(fakePeer.state);
    const denied = await fakePeer.invoke('Org1MSP', auditor, 'AppendBatch', batchOf([event('c', '2026-11-22T10:00:00Z')]));
    expect(denied).toMatchObject({ status: 500, message: 'ACCESS_DENIED: appending needs the certificate attribute swaybot.role=writer; this identity has swaybot.role=auditor' });
    const foreign = await fakePeer.invoke('Org2MSP', writer, 'AppendBatch', batchOf([event('c', '2026-11-22T10:00:00Z')]));
    expect(foreign.message).toBe('ACCESS_DENIED: only Org1MSP identities may append to the ledger; this one belongs to Org2MSP');
    const dup = await fakePeer.invoke('Org1MSP', writer, 'AppendBatch', batchOf([event('a', '2026-11-22T10:00:00Z')]));
    expect(dup).toMatchObject({ status: 500, message: 'DUPLICATE_EVENT: event id `a` is already recorded (batch 1, index 0)' });
    const invalid = await fakePeer.invoke('Org1MSP', writer, 'AppendBatch', JSON.stringify({ root: 'x', events: [{ id: 'd' }] }));
    expect(invalid.status).toBe(500);
    expect(invalid.message).toMatch(/^INVALID_BATCH: root: expected a sha256 hex digest .*events\[0\]\.type: expected a dotted lowercase name/);
    expect(fakePeer.state).toEqual(before);
  });
});
