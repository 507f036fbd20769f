/**
 * bench:ledger, Fabric half — events/s committed VALID on the Fabric dev network by FabricLedger,
 * per event (group commit off: one AppendBatch transaction per event) against batched (up to
 * `--batch` events per transaction, default the chaincode's 1,000, FabricLedger's default), and
 * their ratio, printed with the orderer batch settings it ran under. Needs `npm run fabric:up`;
 * without a running network it exits 2 and says why (on this project's machines Fabric cannot
 * be built: docs/fabric.md).
 *
 *   node --import tsx bench/ledger-fabric.ts [-- --events 2000 --per-event 100 --batch 1000]
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import type { EventInput } from '../ledger/event.js';
import { FabricLedger, MAX_TRANSACTION_BYTES, MAX_TRANSACTION_EVENTS } from '../ledger/fabric/fabric-ledger.js';
import { describeOrdererSettings, describeRatio, eventsPerSecond, ordererBatchSettings, type ModeResult } from './ledger-fabric-settings.js';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const batchedEvents = arg('events', 2000);
const perEventEvents = arg('per-event', 100);
const maxBatch = arg('batch', MAX_TRANSACTION_EVENTS);
const profile = join(process.env['SWAYBOT_STATE_DIR'] ?? '.state', 'fabric', 'connection.json');

function unavailable(why: string): never {
  process.stderr.write(
    `bench:ledger (Fabric) cannot run: ${why}\n` +
      'Start the dev network with `npm run fabric:up` (it needs Fabric 2.5 or 3.1 binaries; on this project\'s machines the Go module\n' +
      'proxy refuses github.com/hyperledger/fabric with 403, so they cannot be built here: docs/fabric.md). Exit 2.\n',
  );
  process.exit(2);
}

if (!existsSync(profile)) unavailable(`no connection profile at ${profile} (the network was never started here)`);
const endpoint = (JSON.parse(readFileSync(profile, 'utf8')) as { peerEndpoint: string }).peerEndpoint;
const [host, port] = endpoint.split(':') as [string, string];
const reachable = await new Promise<boolean>((resolve) => {
  const s = connect({ host, port: Number(port) });
  s.setTimeout(2000);
  s.once('connect', () => (s.destroy(), resolve(true)));
  s.once('error', () => resolve(false));
  s.once('timeout', () => (s.destroy(), resolve(false)));
});
if (!reachable) unavailable(`the peer at ${endpoint} does not answer (run npm run fabric:up)`);

const run = randomUUID().slice(0, 8);
const event = (mode: string, n: number): EventInput => ({
  id: `bench-${run}/${mode}/${n}`,
  type: 'runbook.step.succeeded',
  subject: { kind: 'service', id: `svc-${n % 16}` },
  actor: 'bench',
  time: new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString(),
  payload: { n, step: 'restart', host: `host-${n % 64}` },
});

async function measure(mode: 'per-event' | 'batched', count: number): Promise<ModeResult> {
  const ledger = await FabricLedger.connect(profile, 'writer', { group: mode === 'per-event' ? { maxBatch: 1, maxDelayMs: 0 } : { maxBatch, maxDelayMs: 20 } });
  const start = performance.now();
  await Promise.all(Array.from({ length: count }, (_, n) => ledger.append(event(mode, n))));
  const seconds = (performance.now() - start) / 1000;
  const { transactions } = ledger.stats;
  await ledger.close();
  const result = { events: count, transactions, seconds };
  process.stdout.write(
    `${mode.padEnd(10)} ${String(count).padStart(6)} events  ${String(transactions).padStart(5)} transactions  ` +
      `${eventsPerSecond(result).toFixed(1).padStart(8)} events/s  ${((seconds * 1000) / transactions).toFixed(0).padStart(6)} ms/transaction\n`,
  );
  return result;
}

const settings = describeOrdererSettings(ordererBatchSettings(dirname(profile)));
process.stdout.write(
  `Fabric ledger bench (peer ${endpoint}; every append waits for a VALID commit)\n` +
    `  ${settings}\n` +
    `  client: per-event maxBatch 1; batched maxBatch ${maxBatch}, maxDelayMs 20, at most ${MAX_TRANSACTION_BYTES / 1024} KiB of events per transaction\n`,
);
const perEvent = await measure('per-event', perEventEvents);
const batched = await measure('batched', batchedEvents);
process.stdout.write(`${describeRatio(perEvent, batched)} under ${settings}\n`);
