/**
 * bench:incidents: an alert storm through the real alert receiver, into incident
 * workflows on a real dev server and worker, out to Slack (the local Slack, through
 * the real `@slack/web-api` client and the Slack notifier).
 *
 *   1. Paced, first, on a quiet worker: `--paced` new alerts at `--rate` alerts/s, one per
 *      request: POST → first Slack call p50/p99 (target p99 < 2 s at 50 alerts/s).
 *   2. Storm: `--distinct` alerts plus `--repeats` repeats of them, shuffled, posted in
 *      bursts of `--burst` alerts per request, `--requests` requests at a time. Reports
 *      accepted alerts/s, incidents created (must equal the distinct count exactly),
 *      alerts counted by the incidents (must equal all alerts sent), and POST → first
 *      Slack call (the incident's status message) p50/p99.
 *   3. Anchor, same server, same run: the same number of bare `signalWithStart` calls
 *      from a client, as many in flight as the receiver can have (requests × its intake
 *      concurrency), to a task queue no worker polls: the limit the receiver works against.
 *
 *   npm run bench:incidents -- --distinct 1000 --repeats 10000
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { startLocalSlack } from '../chat/local-slack/index.js';
import { SlackNotifier } from '../chat/slack-notifier.js';
import { incidentPolicy } from '../client/incidents.js';
import { configSchema } from '../config/schema.js';
import { temporalVersion, findTemporalBinary } from '../devstack/temporal-binary.js';
import { startDevServer } from '../devstack/temporal-server.js';
import { EmbeddedLedger } from '../ledger/index.js';
import { INCIDENT_WORKFLOW, alertSignal, incidentStatus, incidentWorkflowId, type AlertInput } from '../workflows/incident-messages.js';
import { INTAKE_CONCURRENCY } from '../workers/alerts-intake.js';
import { startAlertReceiver } from '../workers/alerts.js';
import { createOpsWorker } from '../workers/ops-worker.js';
import { percentile } from './support/stats.js';

const { values } = parseArgs({
  options: {
    distinct: { type: 'string', default: '1000' },
    repeats: { type: 'string', default: '10000' },
    burst: { type: 'string', default: '50' },
    requests: { type: 'string', default: '8' },
    paced: { type: 'string', default: '500' },
    rate: { type: 'string', default: '50' },
  },
});
const int = (name: string, raw: string | undefined): number => {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number, got ${raw}`);
  return n;
};
const DISTINCT = int('distinct', values.distinct);
const REPEATS = int('repeats', values.repeats);
const BURST = Math.max(1, int('burst', values.burst));
const REQUESTS = Math.max(1, int('requests', values.requests));
const PACED = int('paced', values.paced);
const RATE = Math.max(1, int('rate', values.rate));

Runtime.install({ logger: new DefaultLogger('ERROR') });
const say = (line: string) => process.stderr.write(`${line}\n`);

const server = await startDevServer({ uiPort: false });
const native = await NativeConnection.connect({ address: server.address });
const connection = await Connection.connect({ address: server.address });
const client = new Client({ connection, namespace: server.namespace });
const signingSecret = 'bench-signing-secret';
const botToken = 'xoxb-bench-token';
const slack = await startLocalSlack({ signingSecret, botToken });
const tmp = mkdtempSync(join(tmpdir(), 'swaybot-bench-incidents-'));
const base = configSchema.parse({});
const config = {
  ...base,
  stateDir: tmp,
  // No runbook matches and nobody is paged a second time while the bench runs: it measures
  // alert → incident → Slack, not runbook runs or escalations.
  incidents: {
    ...base.incidents,
    runbooks: mkdtempSync(join(tmp, 'runbooks-')),
    channel: 'C-INCIDENTS',
    escalations: { default: { tiers: [{ name: 'on-call', page: ['oncall:default'], ackWithin: '1h' }], repeat: 0 } },
  },
};
const ledger = await EmbeddedLedger.open({ dir: join(tmp, 'ledger') });
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const taskQueue = 'bench-incidents';
const worker = await createOpsWorker({
  connection: native,
  namespace: server.namespace,
  taskQueue,
  config,
  ledger,
  logger: quiet,
  notifier: new SlackNotifier({ token: botToken, apiUrl: slack.url }),
  // Every incident of the storm stays open at once: keep them all cached, or each workflow
  // task replays its history from the start (the default cap is sized for mostly idle runs).
  maxCachedWorkflows: DISTINCT + PACED + 100,
});
const running = worker.run();
const receiver = await startAlertReceiver({ client, taskQueue, config, log: quiet });

/** When the first Slack call for each incident's status message came (by incident id), read incrementally. */
const firstCalls = new Map<string, number>();
let scanned = 0;
function firstSlackCall(): Map<string, number> {
  const calls = slack.recorder.calls();
  for (; scanned < calls.length; scanned++) {
    const call = calls[scanned]!;
    if (call.method !== 'chat.postMessage') continue;
    const key = (call.args['metadata'] as { event_payload?: { key?: string } } | undefined)?.event_payload?.key;
    const id = key?.endsWith('/status') ? key.slice(0, -'/status'.length) : undefined;
    if (id && !firstCalls.has(id)) firstCalls.set(id, call.at.getTime());
  }
  return firstCalls;
}

interface Sent {
  id: string;
  postedAt: number;
}

function alertBody(run: string, n: number): Record<string, unknown> {
  return { name: 'BenchAlert', service: `bench-${run}`, severity: 'warning', dedupeKey: `k${n}`, labels: { shard: String(n % 16) } };
}

async function post(alerts: Record<string, unknown>[]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(`${receiver.url}/api/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alerts) });
    if (res.ok) {
      await res.arrayBuffer();
      return;
    }
    const text = await res.text();
    if (res.status < 500 || attempt >= 5) throw new Error(`receiver answered ${res.status}: ${text}`);
  }
}

async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function countIncidents(service: string): Promise<number> {
  const { count } = await client.workflow.count(`WorkflowType = '${INCIDENT_WORKFLOW}' AND IncidentService = '${service}'`);
  return count;
}

async function pool<T>(items: readonly T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

const run = Date.now().toString(36);

// --- 1. paced, on a quiet worker -------------------------------------------------------------------------------
const pacedRun = `${run}p`;
const pacedService = `bench-${pacedRun}`;
const paced: Sent[] = [];
say(`paced: ${PACED} new alerts at ${RATE}/s, one per request`);
const pacedStart = Date.now();
const posts: Promise<void>[] = [];
for (let i = 0; i < PACED; i++) {
  const due = pacedStart + (i * 1000) / RATE;
  const wait = due - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  paced.push({ id: incidentWorkflowId(pacedService, `k${i}`), postedAt: Date.now() });
  posts.push(post([alertBody(pacedRun, i)]));
}
await Promise.all(posts);
await waitFor('every paced incident to post to Slack', () => paced.every((p) => firstSlackCall().has(p.id)), 300_000);
const pacedSlack = firstSlackCall();
const pacedLatency = paced.map((p) => pacedSlack.get(p.id)! - p.postedAt).sort((a, b) => a - b);
const pacedIncidents = await countIncidents(pacedService).catch(() => Number.NaN);
// What one paced incident cost Temporal: its history's workflow tasks and activities.
const costOf = async (workflowId: string) => {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const events = history.events ?? [];
  const count = (key: string) => events.filter((e) => (e as Record<string, unknown>)[key] != null).length;
  return { events: events.length, tasks: count('workflowTaskCompletedEventAttributes'), activities: count('activityTaskScheduledEventAttributes'), markers: count('markerRecordedEventAttributes') };
};
const pacedCost = await costOf(paced[0]!.id);

// --- 2. storm -----------------------------------------------------------------------------
const service = `bench-${run}`;
const order: number[] = [...Array.from({ length: DISTINCT }, (_, i) => i), ...Array.from({ length: REPEATS }, (_, i) => i % DISTINCT)];
for (let i = order.length - 1; i > 0; i--) {
  const j = Math.floor(Math.random() * (i + 1));
  [order[i], order[j]] = [order[j]!, order[i]!];
}
const bursts: number[][] = [];
for (let i = 0; i < order.length; i += BURST) bursts.push(order.slice(i, i + BURST));
const firstPost = new Map<string, number>();
say(`storm: ${DISTINCT} distinct + ${REPEATS} repeats in ${bursts.length} requests of ≤ ${BURST}, ${REQUESTS} at a time`);
const stormStart = performance.now();
await pool(bursts, REQUESTS, async (burst) => {
  const at = Date.now();
  for (const n of burst) {
    const id = incidentWorkflowId(service, `k${n}`);
    if (!firstPost.has(id)) firstPost.set(id, at);
  }
  await post(burst.map((n) => alertBody(run, n)));
});
const stormSeconds = (performance.now() - stormStart) / 1000;
const stormRate = order.length / stormSeconds;
say(`storm: ${order.length} alerts accepted in ${stormSeconds.toFixed(1)} s; waiting for every incident's Slack message`);
await waitFor('every storm incident to post to Slack', () => {
  const posted = firstSlackCall();
  return [...firstPost.keys()].every((id) => posted.has(id));
}, 600_000);
const slackAt = firstSlackCall();
const stormLatency = [...firstPost].map(([id, at]) => (slackAt.get(id) ?? Number.NaN) - at).sort((a, b) => a - b);
let incidents = 0;
await waitFor('visibility to list every incident', async () => (incidents = await countIncidents(service)) >= DISTINCT, 60_000).catch(() => undefined);
// Every alert counted by exactly one incident: query each for its alert count (signals may
// still be queued in a workflow when its Slack message went out, so poll until it adds up).
let counted = 0;
const countAlerts = async (): Promise<number> => {
  let sum = 0;
  await pool([...Array.from({ length: DISTINCT }, (_, i) => i)], 32, async (n) => {
    // Read first, then add: `sum += await …` would read `sum` before the await and lose updates.
    const { alertCount } = await client.workflow.getHandle(incidentWorkflowId(service, `k${n}`)).query(incidentStatus);
    sum += alertCount;
  });
  return sum;
};
await waitFor('the incidents to count every alert', async () => (counted = await countAlerts()) >= order.length, 120_000).catch(() => undefined);

// --- 3. anchor: bare signalWithStart, same count, same server --------------------------------
const anchorQueue = 'bench-incidents-anchor-no-worker';
const policy = incidentPolicy(config);
const now = new Date().toISOString();
const anchorAlert = (n: number): AlertInput => ({
  source: 'generic', service: `anchor-${run}`, dedupeKey: `k${n}`, name: 'BenchAlert', status: 'firing', severity: 'warning',
  labels: { alertname: 'BenchAlert', service: `anchor-${run}` }, annotations: {}, startsAt: now, receivedAt: now,
});
const inFlight = REQUESTS * Math.min(BURST, INTAKE_CONCURRENCY);
say(`anchor: ${order.length} bare signalWithStart calls, ${inFlight} in flight`);
const anchorStart = performance.now();
await pool(order, inFlight, async (n) => {
  const alert = anchorAlert(n);
  await client.workflow.signalWithStart(INCIDENT_WORKFLOW, {
    workflowId: incidentWorkflowId(alert.service, alert.dedupeKey), taskQueue: anchorQueue, args: [{ policy, directory: config.groups }], signal: alertSignal, signalArgs: [alert],
  });
});
const anchorSeconds = (performance.now() - anchorStart) / 1000;
const anchorRate = order.length / anchorSeconds;

// --- report ---------------------------------------------------------------------------------
const ms = (v: number) => `${Math.round(v)} ms`;
console.log(`\nbench:incidents — ${new Date().toISOString()}`);
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, Temporal CLI ${temporalVersion(findTemporalBinary()) ?? '?'}`);
console.log(`\n| measure | value |\n|---|---|`);
console.log(`| alerts sent (distinct + repeats) | ${order.length} (${DISTINCT} + ${REPEATS}) |`);
console.log(`| storm: accepted alerts/s through the receiver | ${stormRate.toFixed(0)} |`);
console.log(`| anchor: bare signalWithStart calls/s (${inFlight} in flight) | ${anchorRate.toFixed(0)} |`);
console.log(`| **ratio receiver / anchor** | **${(stormRate / anchorRate).toFixed(2)}** (target ≥ 0.80) |`);
console.log(`| incidents created (must equal ${DISTINCT}) | ${incidents} |`);
console.log(`| alerts counted by the incidents (must equal ${order.length}) | ${counted} |`);
console.log(`| storm: POST → first Slack call p50 / p99 | ${ms(percentile(stormLatency, 50))} / ${ms(percentile(stormLatency, 99))} |`);
console.log(`| paced ${RATE}/s: POST → first Slack call p50 / p99 | ${ms(percentile(pacedLatency, 50))} / ${ms(percentile(pacedLatency, 99))} (target p99 < 2000 ms) |`);
console.log(`| paced incidents created (must equal ${PACED}) | ${pacedIncidents} |`);
console.log(`| one paced incident's history: events / workflow tasks / activities / local activities | ${pacedCost.events} / ${pacedCost.tasks} / ${pacedCost.activities} / ${pacedCost.markers} |`);
const duplicates = slack.recorder.calls('chat.postMessage').filter((c) => String((c.args['metadata'] as { event_payload?: { key?: string } } | undefined)?.event_payload?.key ?? '').endsWith('/status')).length - (DISTINCT + PACED);
console.log(`| status messages posted twice | ${duplicates} |`);

worker.shutdown();
await running;
await receiver.close();
await slack.close();
await ledger.close();
await connection.close();
await native.close();
await server.stop();
rmSync(tmp, { recursive: true, force: true });
if (incidents !== DISTINCT || counted !== order.length || duplicates !== 0) process.exitCode = 1;
