/**
 * The product's main loop, end to end, with real peers: a real Alertmanager sends the
 * alert to the real receiver; the incident opens on the real dev server and posts its
 * status message with buttons to Slack (the local Slack, through `@slack/web-api`);
 * signed clicks go through the real Slack app (Bolt, signature checked); the incident's
 * runbook runs as a child and waits for approval; the approved step runs; the alert
 * resolves in Alertmanager; the incident resolves with its postmortem in the thread, MTTA
 * and MTTR, and its events in the ledger.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../chat/actions.js';
import { startLocalSlack, type LocalMessage, type LocalSlack } from '../../chat/local-slack/index.js';
import { SlackNotifier } from '../../chat/slack-notifier.js';
import { getIncident, listIncidents } from '../../client/incident-actions.js';
import type { Config } from '../../config/schema.js';
import type { IncidentStatus } from '../../incidents/types.js';
import { EmbeddedLedger } from '../../ledger/index.js';
import { startAlertReceiver, type AlertReceiver } from '../../workers/alerts.js';
import { createOpsWorker } from '../../workers/ops-worker.js';
import { SLACK_ENDPOINTS, startSlackApp, type SlackApp } from '../../workers/slack.js';
import { workflowBundle } from '../support-interpreter/harness.js';
import { testConfig } from '../support-interpreter/test-config.js';
import { alertmanagerFor, startAlertmanager, type RunningAlertmanager } from '../support/alertmanager.js';
import { connectTestServer, uniqueTaskQueue } from '../support/temporal.js';
import { until } from './until.js';

const RUNBOOKS = fileURLToPath(new URL('./fixtures/runbooks', import.meta.url));
const BOT_TOKEN = 'xoxb-e2e-token';
const SIGNING_SECRET = 'e2e-signing-secret';
const found = alertmanagerFor('test/e2e/incident-slack-alertmanager');

/** Polls `check` until it returns a value (not undefined), failing with `what` after the deadline. */
function hasButton(message: LocalMessage, actionId: string): boolean {
  return ((message.blocks ?? []) as { elements?: { action_id?: string }[] }[]).some((b) => b.elements?.some((e) => e.action_id === actionId));
}

function buttonValue(message: LocalMessage, actionId: string): string {
  for (const block of (message.blocks ?? []) as { elements?: { action_id?: string; value?: string }[] }[]) {
    const button = block.elements?.find((e) => e.action_id === actionId);
    if (button?.value !== undefined) return button.value;
  }
  throw new Error(`no ${actionId} button`);
}

describe.runIf(found.binary !== undefined)('incident response end to end (Alertmanager → receiver → incident → Slack → runbook → resolution)', () => {
  let server: Awaited<ReturnType<typeof connectTestServer>>;
  let slack: LocalSlack;
  let ledger: EmbeddedLedger;
  let worker: Worker;
  let running: Promise<void>;
  let receiver: AlertReceiver;
  let app: SlackApp;
  let am: RunningAlertmanager;
  let config: Config;
  const service = `e2e-${Math.random().toString(36).slice(2, 8)}`;

  beforeAll(async () => {
    server = await connectTestServer();
    slack = await startLocalSlack({ signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN });
    const dir = mkdtempSync(join(tmpdir(), 'swaybot-e2e-'));
    ledger = (await EmbeddedLedger.open({ dir: join(dir, 'ledger') })) as EmbeddedLedger;
    const base = testConfig();
    config = {
      ...base,
      stateDir: dir,
      groups: { sre: ['alice'] },
      slack: { ...base.slack, apiUrl: slack.url, users: { 'U-ALICE': 'alice', 'U-BOB': 'bob' } },
      incidents: {
        ...base.incidents,
        runbooks: RUNBOOKS,
        channel: '#incidents',
        escalations: { default: { tiers: [{ name: 'on-call', page: ['oncall:storage'], ackWithin: '1h' }], repeat: 0 } },
        rotations: { storage: { members: ['alice'], handoff: 'weekly', start: '2026-01-05T09:00:00Z', overrides: [] } },
        routes: [{ match: {}, onClear: 'resolve', team: 'storage' }],
      },
    };
    const taskQueue = uniqueTaskQueue('e2e');
    const quiet = { debug() {}, info() {}, warn() {}, error() {} };
    worker = await createOpsWorker({
      connection: server.nativeConnection,
      namespace: server.namespace,
      taskQueue,
      config,
      ledger,
      logger: quiet,
      notifier: new SlackNotifier({ token: BOT_TOKEN, apiUrl: slack.url }),
      workflowBundle: await workflowBundle(),
    });
    running = worker.run();
    receiver = await startAlertReceiver({ client: server.client, taskQueue, config, log: quiet });
    app = await startSlackApp({ client: server.client, config, env: { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET }, taskQueue, port: 0, log: quiet });
    am = await startAlertmanager({ webhookUrl: `${receiver.url}/api/alertmanager`, dir: join(dir, 'alertmanager') });
  });

  afterAll(async () => {
    await am?.stop();
    await app?.stop();
    await receiver?.close();
    worker?.shutdown();
    await running;
    await ledger?.close();
    await slack?.close();
    await server?.close();
  });

  it('opens, pages, acknowledges and approves from Slack, runs the runbook, and resolves with a postmortem when the alert clears', async () => {
    const labels = { alertname: 'E2EDiskFull', service, severity: 'critical', mount: '/var' };
    await am.pushAlerts([{ labels, annotations: { summary: 'disk /var is 97% full' } }]);

    // Alertmanager → receiver → incident: one incident for the service, its status message in Slack with buttons.
    const [summary] = await until('the incident to open', async () => {
      const list = await listIncidents(server.client, { service });
      return list.length > 0 ? list : undefined;
    });
    const id = summary!.id;
    const statusMessage = () => slack.recorder.messages('C-INCIDENTS', { topLevel: true }).find((m) => (m.metadata?.event_payload as { key?: string } | undefined)?.key === `${id}/status`);
    const posted = await until('the status message with an Acknowledge button', () => {
      const m = statusMessage();
      return m && hasButton(m, ACTIONS.acknowledge) ? m : undefined;
    });
    expect(posted.text).toContain('E2EDiskFull');
    // The on-call of the route's team was paged, in the thread.
    await until('the page in the thread', () => slack.recorder.messages('C-INCIDENTS', { thread: posted.ts }).find((m) => /paged on-call.*alice/.test(m.text)));

    // A signed Acknowledge click by alice, through the Slack app.
    slack.interact.appUrl = `${app.url!}${SLACK_ENDPOINTS.actions}`;
    const ack = await slack.interact.clickButton({ userId: 'U-ALICE', actionId: ACTIONS.acknowledge, value: buttonValue(posted, ACTIONS.acknowledge), channel: posted.channel, messageTs: posted.ts });
    expect(ack.status).toBe(200);
    await until('the incident to be acknowledged by alice', async () => ((await getIncident(server.client, id)).acknowledgedBy === 'alice' ? true : undefined));

    // The matching runbook runs as a child and waits for approval: the message offers Approve.
    const awaiting = await until('the Approve button', () => {
      const m = statusMessage();
      return m && hasButton(m, ACTIONS.approve) ? m : undefined;
    });
    const approve = await slack.interact.clickButton({ userId: 'U-ALICE', actionId: ACTIONS.approve, value: buttonValue(awaiting, ACTIONS.approve), channel: awaiting.channel, messageTs: awaiting.ts });
    expect(approve.status).toBe(200);
    const afterRun = await until('the runbook run to succeed', async () => {
      const s = await getIncident(server.client, id);
      return s.runbook?.state === 'succeeded' ? s : undefined;
    });
    expect(afterRun.runbook?.id).toBe('e2e-disk-full');
    expect(afterRun.timeline.map((e) => e.kind)).toEqual(expect.arrayContaining(['opened', 'paged', 'acknowledged', 'runbook-selected', 'approval', 'runbook-finished']));

    // The alert clears in Alertmanager: it sends the resolved alert; the route resolves the incident.
    await am.pushAlerts([{ labels, annotations: { summary: 'disk /var is 97% full' }, endsAt: new Date().toISOString() }]);
    const resolved: IncidentStatus = await until('the incident to resolve', async () => {
      const s = await getIncident(server.client, id);
      return s.state === 'resolved' && s.postmortem ? s : undefined;
    });
    expect(resolved.resolvedBy).toBe('swaybot');
    expect(resolved.mttaMs).toBeGreaterThanOrEqual(0);
    expect(resolved.mttrMs).toBeGreaterThanOrEqual(resolved.mttaMs!);
    expect(resolved.postmortem).toContain('rotate-the-logs');
    // The postmortem is posted in the incident's thread, and the status message shows it resolved, without buttons.
    await until('the postmortem in the thread', () => slack.recorder.messages('C-INCIDENTS', { thread: posted.ts }).find((m) => m.text.includes('Postmortem')));
    const final = await until('the resolved status message', () => {
      const m = statusMessage();
      return m && !hasButton(m, ACTIONS.acknowledge) && !hasButton(m, ACTIONS.approve) && /resolved/i.test(JSON.stringify(m.blocks)) ? m : undefined;
    });
    expect(final.ts).toBe(posted.ts);
    // Exactly one status message for the incident, updated in place.
    expect(slack.recorder.messages('C-INCIDENTS', { topLevel: true }).filter((m) => (m.metadata?.event_payload as { key?: string } | undefined)?.key === `${id}/status`)).toHaveLength(1);

    // The incident's events are in the ledger, about the service.
    const types = await until('the incident events in the ledger', async () => {
      const events = await ledger.query({ subject: { kind: 'service', id: service } });
      const t = events.map((e) => e.type);
      return t.includes('incident.resolved') ? t : undefined;
    });
    expect(types).toEqual(expect.arrayContaining(['incident.opened', 'incident.acknowledged', 'incident.resolved']));
    expect(resolved.ledgerEvents.length).toBeGreaterThanOrEqual(3);
  }, 180_000);
});
