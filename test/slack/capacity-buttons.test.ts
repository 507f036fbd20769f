/**
 * The capacity plan's Slack message and buttons against a real capacity run: the plan is posted
 * to the channel with its chart uploaded and Approve / Reject buttons; a signed Approve click by a
 * mapped member of an approver group applies the plan (the webhook receives it, the message is
 * rewritten without buttons); a mapped user outside the groups gets the workflow's refusal.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceSettingsSchema } from '../../capacity/settings.js';
import { CAPACITY_ACTIONS } from '../../chat/capacity-blocks.js';
import { startLocalSlack, type LocalMessage, type LocalSlack } from '../../chat/local-slack/index.js';
import { SlackNotifier } from '../../chat/slack-notifier.js';
import { getCapacityRun, startCapacityRun } from '../../client/capacity.js';
import type { Config } from '../../config/schema.js';
import { forecastService } from '../../ml/forecast/service.js';
import { TimeSeriesStore } from '../../telemetry/store/index.js';
import { createMlWorker } from '../../workers/ml-worker.js';
import { createOpsWorker } from '../../workers/ops-worker.js';
import { SLACK_ENDPOINTS, startSlackApp, type SlackApp } from '../../workers/slack.js';
import { gaugeRollup, HOUR, hourFloor, startWebhookReceiver, type WebhookReceiver } from '../capacity/harness.js';
import { until } from '../e2e/until.js';
import { workflowBundle } from '../support-interpreter/harness.js';
import { testConfig } from '../support-interpreter/test-config.js';
import { connectTestServer, uniqueTaskQueue } from '../support/temporal.js';
import { buttonValue } from './harness.js';

const BOT_TOKEN = 'xoxb-capacity-buttons';
const SIGNING_SECRET = 'capacity-buttons-signing-secret';
const CHANNEL = '#capacity';

describe('capacity plan buttons in Slack', () => {
  let server: Awaited<ReturnType<typeof connectTestServer>>;
  let client: Client;
  let slack: LocalSlack;
  let app: SlackApp;
  let store: TimeSeriesStore;
  let receiver: WebhookReceiver;
  const workers: { worker: Worker; running: Promise<void> }[] = [];
  const ops = uniqueTaskQueue('capslack');
  const ml = uniqueTaskQueue('capslack-ml');
  const service = `capslack-${Math.random().toString(36).slice(2, 7)}`;

  beforeAll(async () => {
    server = await connectTestServer();
    client = server.client;
    slack = await startLocalSlack({ signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN, channels: [{ id: 'C-CAPACITY', name: 'capacity' }] });
    receiver = await startWebhookReceiver();
    receiver.replicas.set(service, 2);
    store = await TimeSeriesStore.open(':memory:', { threads: 1 });
    // 10 days of a daily cycle peaking now: the plan wants far more than the 2 replicas running.
    const end = hourFloor(Date.now());
    const load = (t: number) => 230 + 180 * Math.cos((2 * Math.PI * (t - end)) / (24 * HOUR));
    await store.append(Array.from({ length: 240 }, (_, i) => end - (240 - i) * HOUR).map((t) => gaugeRollup('capslack.load', { service }, t, load(t))));
    const base = testConfig();
    const config: Config = {
      ...base,
      stateDir: mkdtempSync(join(tmpdir(), 'swaybot-capslack-')),
      groups: { sre: ['alice'] },
      slack: { ...base.slack, apiUrl: slack.url, port: 0, users: { 'U-ALICE': 'alice', 'U-BOB': 'bob' } },
      capacity: {
        ...base.capacity,
        channel: CHANNEL,
        approvers: ['sre'],
        services: { [service]: serviceSettingsSchema.parse({ metric: 'capslack.load', labels: { service }, capacityPerReplica: 100, targetUtilisation: 0.5, max: 20, scaler: { kind: 'webhook', url: receiver.url } }) },
      },
    };
    const quiet = { debug() {}, info() {}, warn() {}, error() {} };
    const start = async (create: Promise<Worker>) => {
      const worker = await create;
      workers.push({ worker, running: worker.run() });
    };
    await start(createMlWorker({ connection: server.nativeConnection, namespace: server.namespace, taskQueue: ml, forecast: (i) => forecastService(i) }));
    await start(
      createOpsWorker({
        connection: server.nativeConnection,
        namespace: server.namespace,
        taskQueue: ops,
        config,
        store,
        logger: quiet,
        notifier: new SlackNotifier({ token: BOT_TOKEN, apiUrl: slack.url }),
        workflowBundle: await workflowBundle(),
      }),
    );
    app = await startSlackApp({ client, config, env: { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET }, taskQueue: ops, port: 0, log: quiet });
    slack.interact.appUrl = `${app.url!}${SLACK_ENDPOINTS.actions}`;
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
    for (const w of workers) w.worker.shutdown();
    await Promise.all(workers.map((w) => w.running));
    await store?.close();
    await receiver?.close();
    await slack?.close();
  });

  const planMessage = (id: string, ok: (m: LocalMessage) => boolean) =>
    slack.recorder.waitFor(() => slack.recorder.messages(CHANNEL, { topLevel: true }).find((m) => m.metadata?.event_payload['key'] === `${id}/plan` && ok(m)), 60_000, `the plan message of ${id}`);

  const clickOn = (message: LocalMessage, userId: string, actionId: string) =>
    slack.interact.clickButton({ userId, actionId, value: buttonValue(message, actionId), channel: message.channel, messageTs: message.ts });

  const replyText = async (responseUrl: string) => {
    const [reply] = await slack.recorder.waitFor(() => {
      const r = slack.recorder.responses(responseUrl);
      return r.length > 0 ? r : undefined;
    }, 20_000, 'the reply to the click');
    return reply!.text;
  };

  it('posts the plan with its chart and buttons; a refused click changes nothing; Approve applies it and rewrites the message', async () => {
    const id = await startCapacityRun(client, service, { taskQueue: ops, mlTaskQueue: ml });
    const posted = await planMessage(id, (m) => JSON.stringify(m.blocks).includes(CAPACITY_ACTIONS.approve));
    const blocks = JSON.stringify(posted.blocks);
    expect(posted.text).toMatch(new RegExp(`Capacity plan for ${service}: 2 → \\d+ replicas`));
    expect(blocks).toContain(CAPACITY_ACTIONS.reject);
    expect(blocks).toContain('"type":"image"');
    expect(blocks).toContain('slack_file');

    const refused = await clickOn(posted, 'U-BOB', CAPACITY_ACTIONS.approve);
    expect(refused.status).toBe(200);
    expect(await replyText(refused.responseUrl)).toMatch(/:no_entry: swaybot refused: bob may not decide capacity plans: approvers are the groups sre/);
    expect((await getCapacityRun(client, id)).state).toBe('awaiting-approval');
    expect(receiver.calls.filter((c) => c.method === 'POST')).toHaveLength(0);

    const approved = await clickOn(posted, 'U-ALICE', CAPACITY_ACTIONS.approve);
    expect(await replyText(approved.responseUrl)).toBe(`:+1: You approved the capacity plan \`${id}\` (as \`alice\`).`);
    const done = await until('the run to apply', async () => {
      const s = await getCapacityRun(client, id);
      return s.state === 'applied' ? s : undefined;
    });
    expect(done.decision).toMatchObject({ decision: 'approve', by: 'alice' });
    const posts = receiver.calls.filter((c) => c.method === 'POST');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body).toMatchObject({ service, replicas: done.diff!.next, approvedBy: 'alice' });
    const rewritten = await planMessage(id, (m) => m.text.includes('applied'));
    expect(JSON.stringify(rewritten.blocks)).not.toContain(CAPACITY_ACTIONS.approve);
    expect(JSON.stringify(rewritten.blocks)).toContain('Approved by *alice*');
  }, 120_000);
});
