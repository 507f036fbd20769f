/**
 * Records incident histories for the replay test (`UPDATE=1 npx vitest run test/workflows`):
 * on the real test server with one ops worker (console notifier into the void), each
 * scenario drives an incident from its alert to its end and writes the histories of the
 * incident and of its runbook run (a child) as JSON, like `temporal workflow show -o json`.
 *
 * - `incident-approve-resolve`: alert → runbook child awaiting approval → approved through
 *   the incident → run succeeds → note → the alert clears → resolved → the reopen window ends.
 * - `incident-escalate-false-positive`: nobody acknowledges → tier 2 paged → repeat alerts →
 *   a firing alert within the reopen window after a manual resolve reopens it → marked a
 *   false positive → the window ends.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Client } from '@temporalio/client';
import { ConsoleNotifier } from '../../chat/console-notifier.js';
import { incidentPolicy } from '../../client/incidents.js';
import type { Config } from '../../config/schema.js';
import { findTemporalBinary } from '../../devstack/temporal-binary.js';
import type { AlertInput, IncidentStatus } from '../../incidents/types.js';
import {
  INCIDENT_WORKFLOW,
  addNote,
  alertSignal,
  incidentDecide,
  incidentStatus,
  markFalsePositive,
  resolve,
} from '../../workflows/incident-messages.js';
import { createOpsWorker } from '../../workers/ops-worker.js';
import { workflowBundle } from '../support-interpreter/harness.js';
import { testConfig } from '../support-interpreter/test-config.js';
import { connectTestServer, uniqueTaskQueue } from '../support/temporal.js';

const RUNBOOKS = fileURLToPath(new URL('../e2e/fixtures/runbooks', import.meta.url));

function showHistory(address: string, workflowId: string): string {
  return execFileSync(findTemporalBinary(), ['workflow', 'show', '--address', address, '--namespace', 'default', '--workflow-id', workflowId, '--output', 'json'], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
}

function alert(service: string, name: string, status: 'firing' | 'resolved' = 'firing'): AlertInput {
  const now = new Date().toISOString();
  return { source: 'alertmanager', service, dedupeKey: 'rec', name, status, severity: 'critical', labels: { alertname: name, service, severity: 'critical' }, annotations: { summary: `${name} on ${service}` }, startsAt: now, receivedAt: now };
}

async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`recording: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function recordIncidentHistories(dir: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const server = await connectTestServer();
  const base = testConfig();
  const config: Config = {
    ...base,
    groups: { sre: ['alice', 'bob'] },
    incidents: {
      ...base.incidents,
      runbooks: RUNBOOKS,
      reopenWindow: '3s',
      escalations: { default: { tiers: [{ name: 'on-call', page: ['oncall:default'], ackWithin: '1s' }, { name: 'lead', page: ['bob'], ackWithin: '1h' }], repeat: 0 } },
    },
  };
  const taskQueue = uniqueTaskQueue('record-incident');
  const worker = await createOpsWorker({
    connection: server.nativeConnection,
    namespace: server.namespace,
    taskQueue,
    config,
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    notifier: new ConsoleNotifier({ print: () => undefined }),
    workflowBundle: await workflowBundle(),
  });
  const running = worker.run();
  const start = (client: Client, id: string, a: AlertInput) =>
    client.workflow.signalWithStart(INCIDENT_WORKFLOW, { workflowId: id, taskQueue, args: [{ policy: incidentPolicy(config), directory: config.groups }], signal: alertSignal, signalArgs: [a] });
  const status = (client: Client, id: string) => client.workflow.getHandle(id).query(incidentStatus);
  try {
    const client = server.client;
    const written: string[] = [];

    // 1. approve through the incident, the alert clears, the window ends.
    // Fixed ids: the replay test replays each history under its file name.
    const a = 'incident-approve-resolve';
    await start(client, a, alert('rec-disk', 'E2EDiskFull'));
    const waiting = await until('the approval gate', async () => {
      const s = await status(client, a);
      return s.runbook?.pendingStep?.state === 'awaiting-approval' ? s : undefined;
    });
    await client.workflow.getHandle(a).executeUpdate(incidentDecide, { args: [{ step: waiting.runbook!.pendingStep!.id, decision: 'approve', by: 'alice', reason: 'disk at 97%' }] });
    await until('the run to succeed', async () => ((await status(client, a)).runbook?.state === 'succeeded' ? true : undefined));
    await client.workflow.getHandle(a).executeUpdate(addNote, { args: [{ by: 'bob', text: 'logs rotated, 40% free' }] });
    await client.workflow.getHandle(a).signal(alertSignal, alert('rec-disk', 'E2EDiskFull', 'resolved'));
    const first = (await client.workflow.getHandle(a).result()) as IncidentStatus;
    if (first.state !== 'resolved' || !first.postmortem) throw new Error(`recording: incident ${a} ended ${first.state}`);
    writeFileSync(join(dir, 'incident-approve-resolve.json'), showHistory(server.address, a));
    writeFileSync(join(dir, `${a}.runbook.json`), showHistory(server.address, `${a}.runbook`));
    written.push(a, `${a}.runbook`);

    // 2. escalation, repeats, a manual resolve, a reopen, a false positive.
    const b = 'incident-escalate-false-positive';
    await start(client, b, alert('rec-none', 'NothingMatches'));
    await until('tier 2', async () => ((await status(client, b)).state === 'escalated' ? true : undefined));
    for (let i = 0; i < 3; i++) await client.workflow.getHandle(b).signal(alertSignal, alert('rec-none', 'NothingMatches'));
    await until('the repeats', async () => ((await status(client, b)).alertCount === 4 ? true : undefined));
    await client.workflow.getHandle(b).executeUpdate(resolve, { args: [{ by: 'alice', reason: 'looked fine' }] });
    await client.workflow.getHandle(b).signal(alertSignal, alert('rec-none', 'NothingMatches'));
    await until('the reopen', async () => ((await status(client, b)).reopenCount === 1 ? true : undefined));
    await client.workflow.getHandle(b).executeUpdate(markFalsePositive, { args: [{ by: 'bob', reason: 'threshold too tight' }] });
    const second = (await client.workflow.getHandle(b).result()) as IncidentStatus;
    if (!second.falsePositive || second.reopenCount !== 1) throw new Error(`recording: incident ${b} ended without its false positive or reopen`);
    writeFileSync(join(dir, 'incident-escalate-false-positive.json'), showHistory(server.address, b));
    written.push(b);
    return written;
  } finally {
    worker.shutdown();
    await running;
    await server.close();
  }
}
