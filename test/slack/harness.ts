/**
 * The Slack app's tests against real peers: the shared Temporal dev server, an ops
 * worker on a fresh task queue whose incident messages go to the local Slack, the
 * local Slack playing Slack's side (signed commands and clicks), and the app under
 * test between them. Slack users: U-ALICE → alice (in `sre`), U-BOB → bob (in no
 * group), U-CAROL not mapped.
 */
import { fileURLToPath } from 'node:url';
import type { Client, Connection } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll } from 'vitest';
import { startLocalSlack, type AppAnswer, type Forgery, type LocalMessage, type LocalSlack } from '../../chat/local-slack/index.js';
import { SlackNotifier } from '../../chat/slack-notifier.js';
import { getIncident } from '../../client/incident-actions.js';
import { openOrJoin } from '../../client/incidents.js';
import type { Config } from '../../config/schema.js';
import { ensureSearchAttributes } from '../../devstack/search-attributes.js';
import type { AlertInput } from '../../incidents/types.js';
import { INCIDENT_SEARCH_ATTRIBUTES } from '../../workflows/incident-messages.js';
import { createOpsWorker } from '../../workers/ops-worker.js';
import { startSlackApp, SLACK_ENDPOINTS, type SlackApp, type SlackAppOptions } from '../../workers/slack.js';
import { workflowBundle } from '../support-interpreter/harness.js';
import { testConfig } from '../support-interpreter/test-config.js';
import { connectTestServer, uniqueTaskQueue } from '../support/temporal.js';

export const RUNBOOKS = fileURLToPath(new URL('./fixtures/runbooks', import.meta.url));
export const BOT_TOKEN = 'xoxb-slack-app-test-token';
export const SIGNING_SECRET = 'slack-app-test-signing-secret';
export const ENV = { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET };

/** Lines a component logged, kept for assertions instead of printed. */
export interface LogCapture {
  lines: { level: 'debug' | 'info' | 'warn' | 'error'; obj: object; msg: string }[];
  log: { debug(obj: object, msg: string): void; info(obj: object, msg: string): void; warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

export function captureLog(): LogCapture {
  const lines: LogCapture['lines'] = [];
  const at = (level: LogCapture['lines'][number]['level']) => (obj: object, msg: string) => void lines.push({ level, obj, msg });
  return { lines, log: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') } };
}

export interface SlackStack {
  client: Client;
  taskQueue: string;
  config: Config;
  slack: LocalSlack;
  app: SlackApp;
  logs: LogCapture;
  /** Starts another app on the same peers (e.g. with other options); stopped after the file. */
  startApp(options?: Partial<SlackAppOptions>): Promise<SlackApp>;
}

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

/** Registers hooks that start the stack for the file's tests; the returned object is filled before the first test. */
export function useSlackStack(): SlackStack {
  const h = {} as SlackStack;
  let server: Awaited<ReturnType<typeof connectTestServer>> | undefined;
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  const apps: SlackApp[] = [];
  beforeAll(async () => {
    server = await connectTestServer();
    await registerIncidentAttributes(server.client);
    const slack = await startLocalSlack({ signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN });
    const base = testConfig();
    const config: Config = {
      ...base,
      groups: { sre: ['alice'] },
      slack: { ...base.slack, apiUrl: slack.url, port: 0, users: { 'U-ALICE': 'alice', 'U-BOB': 'bob' } },
      incidents: {
        ...base.incidents,
        runbooks: RUNBOOKS,
        channel: '#incidents',
        escalations: { default: { tiers: [{ name: 'on-call', page: ['alice'], ackWithin: '1h' }], repeat: 0 } },
        rotations: {},
      },
    };
    const taskQueue = uniqueTaskQueue('slack');
    worker = await createOpsWorker({
      connection: server.nativeConnection,
      namespace: server.namespace,
      taskQueue,
      config,
      notifier: new SlackNotifier({ token: BOT_TOKEN, apiUrl: slack.url }),
      workflowBundle: await workflowBundle(),
      logger: quiet,
    });
    running = worker.run();
    const logs = captureLog();
    const client = server.client;
    const startApp = async (options: Partial<SlackAppOptions> = {}) => {
      const app = await startSlackApp({ client, config, env: ENV, taskQueue, port: 0, log: logs.log, ...options });
      apps.push(app);
      return app;
    };
    Object.assign(h, { client, taskQueue, config, slack, logs, startApp, app: await startApp() });
  });
  afterAll(async () => {
    for (const app of apps) await app.stop();
    await h.slack?.close();
    worker?.shutdown();
    await running;
    await server?.close();
  });
  return h;
}

/** A slash command as Slack sends it, to the app's command URL. */
export function command(h: SlackStack, userId: string, text: string, forgery: Forgery = {}, app: SlackApp = h.app): Promise<AppAnswer> {
  h.slack.interact.appUrl = `${app.url!}${SLACK_ENDPOINTS.commands}`;
  return h.slack.interact.slashCommand({ userId, text, ...forgery });
}

/** A click on a button of the incident's status message, as Slack sends it, with the value the button carries. */
export function click(h: SlackStack, userId: string, message: LocalMessage, actionId: string, forgery: Forgery = {}): Promise<AppAnswer> {
  h.slack.interact.appUrl = `${h.app.url!}${SLACK_ENDPOINTS.actions}`;
  const value = buttonValue(message, actionId);
  return h.slack.interact.clickButton({ userId, actionId, value, channel: message.channel, messageTs: message.ts, ...forgery });
}

/** The `value` of the button `actionId` in `message`; fails when the message has no such button. */
export function buttonValue(message: LocalMessage, actionId: string): string {
  for (const block of (message.blocks ?? []) as { elements?: { action_id?: string; value?: string }[] }[]) {
    const button = block.elements?.find((e) => e.action_id === actionId);
    if (button?.value !== undefined) return button.value;
  }
  throw new Error(`The message has no ${actionId} button: ${JSON.stringify(message.blocks)}`);
}

/** The text of the ephemeral reply posted to `answer`'s response_url (waits for it). */
export async function replyTo(h: SlackStack, answer: AppAnswer): Promise<string> {
  const [reply] = await h.slack.recorder.waitFor(() => {
    const replies = h.slack.recorder.responses(answer.responseUrl);
    return replies.length > 0 ? replies : undefined;
  }, 20_000, `a reply on ${answer.responseUrl}`);
  expectEphemeral(reply!.body);
  return reply!.text;
}

function expectEphemeral(body: unknown): void {
  const b = body as { response_type?: string; replace_original?: boolean };
  if (b.response_type !== 'ephemeral' || b.replace_original !== false) throw new Error(`Expected an ephemeral reply that keeps the original, got ${JSON.stringify(body)}`);
}

/** An alert opening an incident of `service` (its own, so tests never share one). */
export function alertFor(service: string, name = 'HighErrorRate'): AlertInput {
  const now = new Date().toISOString();
  return {
    source: 'alertmanager',
    service,
    dedupeKey: 'k1',
    name,
    status: 'firing',
    severity: 'critical',
    labels: { alertname: name, service, severity: 'critical' },
    annotations: { summary: `${name} on ${service}` },
    startsAt: now,
    receivedAt: now,
  };
}

export function uniqueService(prefix = 'slack'): string {
  return `${prefix}-${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * Opens an incident as the alert receiver does and returns its id once it has opened: its
 * runbook chosen (or none) and its status message in Slack. (An action taken while the
 * incident is still opening is applied, but its state shows only after the next change:
 * reported to the workflow's author; the tests act on opened incidents.)
 */
export async function openIncident(h: SlackStack, alert: AlertInput): Promise<{ id: string; message: LocalMessage }> {
  const { workflowId } = await openOrJoin(h.client, { taskQueue: h.taskQueue, config: h.config, alert });
  await eventually(() => getIncident(h.client, workflowId), (s) => s.timeline.some((e) => e.kind === 'runbook-selected' || e.kind === 'runbook-none'), `${workflowId} to open`);
  return { id: workflowId, message: await statusMessage(h, workflowId) };
}

/** The incident's status message in the local Slack, as it is now (waits for it to be posted). */
export function statusMessage(h: SlackStack, id: string, ok: (m: LocalMessage) => boolean = () => true): Promise<LocalMessage> {
  return h.slack.recorder.waitFor(
    () => h.slack.recorder.messages('#incidents', { topLevel: true }).find((m) => m.metadata?.event_payload['key'] === `${id}/status` && ok(m)),
    30_000,
    `the status message of ${id}`,
  );
}

/** Whether the workflow's history holds an accepted Update (a refused one leaves none). */
export async function updatesAccepted(client: Client, id: string): Promise<number> {
  const history = await client.workflow.getHandle(id).fetchHistory();
  return (history.events ?? []).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes).length;
}

/** Polls `read` until `ok` holds; fails naming `what` and the last value after `timeoutMs`. */
export async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let error: unknown;
  for (;;) {
    try {
      last = await read();
      if (ok(last)) return last;
    } catch (err) {
      error = err;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}; last value: ${JSON.stringify(last)}${error ? `; last error: ${String(error)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** IncidentState/Service/Severity on the test server; two files may race to add them, the loser finds them on a second look. */
async function registerIncidentAttributes(client: Client): Promise<void> {
  const connection = client.connection as Connection;
  try {
    await ensureSearchAttributes(connection, client.options.namespace, INCIDENT_SEARCH_ATTRIBUTES);
  } catch {
    await ensureSearchAttributes(connection, client.options.namespace, INCIDENT_SEARCH_ATTRIBUTES);
  }
}
