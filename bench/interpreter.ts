/**
 * bench:interpreter: the cost of interpreting a runbook plan, against the
 * same activities called by a hand-written workflow, on the same real dev
 * server and worker in the same run. Rounds alternate which kind goes first.
 * Both record their runs in one embedded ledger (a fresh temp folder, fsync
 * on): the interpreter through its recorder, the hand-written anchor by
 * sending the same 12 events itself in one `ledgerRecord` local activity, so
 * the ratio is the interpreter's overhead, not the ledger's cost.
 *
 *   npm run bench:interpreter -- --n 200 --concurrency 20 --rounds 8
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { startRunbook } from '../client/runbooks.js';
import { configSchema } from '../config/schema.js';
import { findTemporalBinary, temporalVersion } from '../devstack/temporal-binary.js';
import { startDevServer } from '../devstack/temporal-server.js';
import { EmbeddedLedger } from '../ledger/index.js';
import { createOpsWorker } from '../workers/ops-worker.js';
import { benchPlan } from './support/interpreter-plan.js';
import { startBenchService } from './support/service.js';
import { summarise, type Summary } from './support/stats.js';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '20' },
    rounds: { type: 'string', default: '8' },
    warmup: { type: 'string', default: '20' },
  },
});
const positive = (name: string, raw: string | undefined): number => {
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer, got ${raw}`);
  return n;
};
const N = positive('n', values.n);
const CONCURRENCY = positive('concurrency', values.concurrency);
const ROUNDS = positive('rounds', values.rounds);
const WARMUP = Number(values.warmup) || 0;

type Kind = 'interpreter' | 'handwritten';

Runtime.install({ logger: new DefaultLogger('ERROR') });
const server = await startDevServer({ uiPort: false });
const service = await startBenchService();
const native = await NativeConnection.connect({ address: server.address });
const connection = await Connection.connect({ address: server.address });
const client = new Client({ connection });
const taskQueue = 'bench-interpreter';
const ledgerDir = mkdtempSync(join(tmpdir(), 'swaybot-bench-ledger-'));
const ledger = await EmbeddedLedger.open({ dir: ledgerDir });
const worker = await createOpsWorker({
  ledger,
  connection: native,
  namespace: server.namespace,
  taskQueue,
  config: configSchema.parse({}),
  workflowsPath: new URL('./support/workflows.ts', import.meta.url).pathname,
  logger: { debug() {}, info() {}, warn() {}, error() {} },
});
const running = worker.run();
const plan = benchPlan();
let seq = 0;

/** One run end to end (start → result), in ms. */
async function once(kind: Kind): Promise<number> {
  const started = performance.now();
  const workflowId = `bench-${kind}-${++seq}`;
  if (kind === 'interpreter') {
    const handle = await startRunbook(client, { plan, params: { base: service.url }, taskQueue, directory: {}, workflowId });
    const result = await handle.result();
    if (result.outputs['status'] === undefined) throw new Error('interpreter run produced no status output');
  } else {
    const handle = await client.workflow.start('handwrittenWorkflow', {
      taskQueue,
      workflowId,
      args: [service.url],
      staticSummary: 'Handwritten: check and restart a service',
    });
    if ((await handle.result()) !== 'done') throw new Error('hand-written run did not finish the restart');
  }
  return performance.now() - started;
}

/** `count` runs of `kind`, at most CONCURRENCY in flight; returns latencies and elapsed time. */
async function batch(kind: Kind, count: number): Promise<{ latencies: number[]; elapsed: number }> {
  const latencies: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(CONCURRENCY, count) }, async () => {
      while (next < count) {
        next += 1;
        latencies.push(await once(kind));
      }
    }),
  );
  return { latencies, elapsed: performance.now() - t0 };
}

try {
  if (WARMUP > 0) {
    await batch('interpreter', WARMUP);
    await batch('handwritten', WARMUP);
  }
  const totals: Record<Kind, { latencies: number[]; elapsed: number }> = {
    interpreter: { latencies: [], elapsed: 0 },
    handwritten: { latencies: [], elapsed: 0 },
  };
  const perRound = Math.ceil(N / ROUNDS);
  for (let round = 0; round < ROUNDS; round++) {
    const order: Kind[] = round % 2 === 0 ? ['interpreter', 'handwritten'] : ['handwritten', 'interpreter'];
    for (const kind of order) {
      const count = Math.min(perRound, N - totals[kind].latencies.length);
      if (count <= 0) continue;
      const r = await batch(kind, count);
      totals[kind].latencies.push(...r.latencies);
      totals[kind].elapsed += r.elapsed;
    }
  }
  const interp = summarise(totals.interpreter.latencies, totals.interpreter.elapsed);
  const hand = summarise(totals.handwritten.latencies, totals.handwritten.elapsed);
  const binary = findTemporalBinary();
  console.log(`bench:interpreter  n=${N} per kind, concurrency=${CONCURRENCY}, rounds=${ROUNDS} (alternating order), warm-up=${WARMUP}`);
  console.log(`machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, temporal ${temporalVersion(binary) ?? '?'} (dev server, in-memory)`);
  console.log(row('kind', 'runs/s', 'p50 ms', 'p95 ms', 'runs'));
  console.log(row('interpreter', ...fmt(interp)));
  console.log(row('hand-written', ...fmt(hand)));
  const ratio = interp.runsPerSecond / hand.runsPerSecond;
  console.log(`throughput ratio interpreter / hand-written: ${ratio.toFixed(3)} (${((1 - ratio) * 100).toFixed(1)}% slower; target: within 15%)`);
  console.log(`p50 latency ratio: ${(interp.p50 / hand.p50).toFixed(3)}; HTTP requests served: ${service.requests()}`);
  const report = await ledger.verify();
  const { batches, items } = ledger.stats;
  console.log(
    `ledger: ${report.events} events from ${2 * (N + WARMUP)} runs of both kinds (${(report.events / (2 * (N + WARMUP))).toFixed(1)} a run), ${batches} batches (${(items / Math.max(batches, 1)).toFixed(1)} events a batch), verify ${report.ok ? 'ok' : `FAILED: ${report.problems.length} problem(s)`}`,
  );
} finally {
  worker.shutdown();
  await running;
  await ledger.close();
  rmSync(ledgerDir, { recursive: true, force: true });
  await native.close();
  await connection.close();
  await service.close();
  await server.stop();
}

function fmt(s: Summary): [string, string, string, string] {
  return [s.runsPerSecond.toFixed(1), s.p50.toFixed(0), s.p95.toFixed(0), String(s.runs)];
}

function row(...cells: string[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(14) : c.padStart(9))).join('');
}
