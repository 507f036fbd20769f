/**
 * A worker process killed (SIGKILL) while an incident waits for approval: a new worker
 * process picks the incident up from history, the approval goes through, the runbook
 * finishes, and no Slack message is posted twice (each message key appears once).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalSlack, type LocalSlack } from '../../chat/local-slack/index.js';
import { decideIncidentStep, getIncident } from '../../client/incident-actions.js';
import { incidentPolicy } from '../../client/incidents.js';
import { loadConfig } from '../../config/load.js';
import { INCIDENT_WORKFLOW, alertSignal, incidentWorkflowId } from '../../workflows/incident-messages.js';
import { connectTestServer, uniqueTaskQueue } from '../support/temporal.js';
import { until } from './until.js';

const untilLong = <T>(what: string, check: () => Promise<T | undefined> | T | undefined) => until(what, check, 90_000, 250);

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RUNBOOKS = fileURLToPath(new URL('./fixtures/runbooks', import.meta.url));
const BOT_TOKEN = 'xoxb-kill-token';
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** Starts `workers/main.ts` as its own process and resolves once it prints `worker ready`. */
function startWorker(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, ['--import', TSX, join(ROOT, 'workers', 'main.ts')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString('utf8')));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker not ready in 120 s:\n${out}`)), 120_000);
    const check = () => {
      if (out.includes('worker ready')) {
        clearTimeout(timer);
        resolve({ child, output: () => out });
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited (${code}) before it was ready:\n${out}`));
    });
  });
}

describe('a worker killed while an incident waits for approval', () => {
  let server: Awaited<ReturnType<typeof connectTestServer>>;
  let slack: LocalSlack;
  let env: NodeJS.ProcessEnv;
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    server = await connectTestServer();
    slack = await startLocalSlack({ signingSecret: 'kill-secret', botToken: BOT_TOKEN });
    const dir = mkdtempSync(join(tmpdir(), 'swaybot-kill-'));
    const configFile = join(dir, 'swaybot.config.yaml');
    writeFileSync(
      configFile,
      [
        `stateDir: ${JSON.stringify(join(dir, 'state'))}`,
        'temporal:',
        `  address: ${server.address}`,
        `  taskQueue: ${uniqueTaskQueue('kill')}`,
        'alerts:',
        '  port: 0',
        'slack:',
        `  apiUrl: ${slack.url}`,
        '  port: 0',
        'incidents:',
        `  runbooks: ${JSON.stringify(RUNBOOKS)}`,
        '  channel: C-INCIDENTS',
        'groups:',
        '  sre: [alice]',
        // The test approves with `--as alice`, unsigned, as the demo does.
        'approvals:',
        '  identity: asserted',
        '',
      ].join('\n'),
    );
    env = { ...process.env, SWAYBOT_CONFIG: configFile, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: 'kill-secret' };
    delete env['TEMPORAL_ADDRESS'];
  });

  afterAll(async () => {
    for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
    await slack?.close();
    await server?.close();
  });

  it('continues on a new worker and posts nothing twice', async () => {
    const config = loadConfig(env);
    const first = await startWorker(env);
    workers.push(first.child);
    const service = `kill-${Date.now().toString(36)}`;
    const now = new Date().toISOString();
    const alert = { source: 'generic' as const, service, dedupeKey: 'k', name: 'E2EDiskFull', status: 'firing' as const, severity: 'critical', labels: { alertname: 'E2EDiskFull', service }, annotations: {}, startsAt: now, receivedAt: now };
    const id = incidentWorkflowId(service, 'k');
    await server.client.workflow.signalWithStart(INCIDENT_WORKFLOW, {
      workflowId: id,
      taskQueue: config.temporal.taskQueue,
      args: [{ policy: incidentPolicy(config), directory: config.groups }],
      signal: alertSignal,
      signalArgs: [alert],
    });
    const waiting = await untilLong('the approval gate', async () => {
      const s = await getIncident(server.client, id);
      return s.runbook?.pendingStep?.state === 'awaiting-approval' ? s : undefined;
    });

    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    const postedBefore = slack.recorder.calls('chat.postMessage').length;
    expect(postedBefore).toBeGreaterThan(0);

    const second = await startWorker(env);
    workers.push(second.child);
    await decideIncidentStep(server.client, id, waiting.runbook!.pendingStep!.id, 'approve', 'alice', 'after the restart');
    const done = await untilLong('the runbook to succeed on the new worker', async () => {
      const s = await getIncident(server.client, id);
      return s.runbook?.state === 'succeeded' ? s : undefined;
    });
    expect(done.acknowledgedBy).toBe('alice');
    // The run's end reaches the thread too: wait for it before counting.
    await untilLong('the run’s end in the thread', () =>
      slack.recorder.messages('C-INCIDENTS', { topLevel: true }).some((m) => slack.recorder.messages('C-INCIDENTS', { thread: m.ts }).some((r) => /runbook `e2e-disk-full` succeeded/.test(r.text))) ? true : undefined,
    );

    // Every message the incident meant to send exists exactly once.
    const keys = slack.recorder
      .messages('C-INCIDENTS')
      .concat(slack.recorder.messages('C-INCIDENTS', { topLevel: true }).flatMap((m) => slack.recorder.messages('C-INCIDENTS', { thread: m.ts })))
      .map((m) => (m.metadata?.event_payload as { key?: string } | undefined)?.key)
      .filter((k): k is string => typeof k === 'string' && k.startsWith(id));
    const unique = new Set(keys);
    expect(unique.size).toBeGreaterThan(3);
    const counts = [...unique].map((k) => [k, slack.recorder.calls('chat.postMessage').filter((c) => (c.args['metadata'] as { event_payload?: { key?: string } } | undefined)?.event_payload?.key === k && c.ok).length] as const);
    expect(counts.filter(([, n]) => n !== 1)).toEqual([]);
    second.child.kill('SIGINT');
    await new Promise((r) => second.child.once('exit', r));
  }, 300_000);
});
