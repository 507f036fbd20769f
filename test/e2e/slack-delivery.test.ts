/**
 * Slack delivery under faults, through the whole path: the incident workflow's chat
 * activities, Temporal's retry policy, the Slack notifier (`@slack/web-api`) and the
 * local Slack injecting Slack's own failures. A rate limit and a lost response still
 * give exactly one message; `channel_not_found` fails for good and shows on the timeline.
 */
import type { Client } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalSlack, type LocalSlack } from '../../chat/local-slack/index.js';
import { SlackNotifier } from '../../chat/slack-notifier.js';
import { incidentPolicy } from '../../client/incidents.js';
import type { Config } from '../../config/schema.js';
import type { AlertInput, IncidentStatus } from '../../incidents/types.js';
import { INCIDENT_WORKFLOW, alertSignal, incidentStatus, incidentWorkflowId } from '../../workflows/incident-messages.js';
import { createOpsWorker } from '../../workers/ops-worker.js';
import { workflowBundle } from '../support-interpreter/harness.js';
import { testConfig } from '../support-interpreter/test-config.js';
import { connectTestServer, uniqueTaskQueue } from '../support/temporal.js';
import { until } from './until.js';

const BOT_TOKEN = 'xoxb-delivery-token';

function alertFor(service: string): AlertInput {
  const now = new Date().toISOString();
  return { source: 'generic', service, dedupeKey: 'k', name: 'Delivery', status: 'firing', severity: 'warning', labels: { alertname: 'Delivery', service }, annotations: {}, startsAt: now, receivedAt: now };
}

describe('Slack delivery through the incident workflow', () => {
  let server: Awaited<ReturnType<typeof connectTestServer>>;
  let client: Client;
  let slack: LocalSlack;
  let worker: Worker;
  let running: Promise<void>;
  let config: Config;
  const taskQueue = uniqueTaskQueue('delivery');

  beforeAll(async () => {
    server = await connectTestServer();
    client = server.client;
    slack = await startLocalSlack({ signingSecret: 'unused', botToken: BOT_TOKEN });
    const base = testConfig();
    config = { ...base, incidents: { ...base.incidents, runbooks: base.stateDir, channel: 'C-INCIDENTS' } };
    worker = await createOpsWorker({
      connection: server.nativeConnection,
      namespace: server.namespace,
      taskQueue,
      config,
      logger: { debug() {}, info() {}, warn() {}, error() {} },
      notifier: new SlackNotifier({ token: BOT_TOKEN, apiUrl: slack.url }),
      workflowBundle: await workflowBundle(),
    });
    running = worker.run();
  });

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await slack?.close();
    await server?.close();
  });

  async function open(service: string, channel = 'C-INCIDENTS'): Promise<string> {
    const alert = alertFor(service);
    const id = incidentWorkflowId(service, alert.dedupeKey);
    await client.workflow.signalWithStart(INCIDENT_WORKFLOW, {
      workflowId: id,
      taskQueue,
      args: [{ policy: { ...incidentPolicy(config), channel }, directory: config.groups }],
      signal: alertSignal,
      signalArgs: [alert],
    });
    return id;
  }

  const statusPosts = (id: string) => slack.recorder.messages('C-INCIDENTS', { topLevel: true }).filter((m) => (m.metadata?.event_payload as { key?: string } | undefined)?.key === `${id}/status`);

  it('rate limited, then ok: Temporal retries after Retry-After and the message is delivered once', async () => {
    slack.faults.add('chat.postMessage', 'ratelimited:1');
    const id = await open(`rl-${Date.now().toString(36)}`);
    await until('the status message', () => (statusPosts(id).length > 0 ? true : undefined));
    // The paging line in the thread follows the status message: both delivered, the status once.
    await until('the thread', async () => ((await client.workflow.getHandle(id).query(incidentStatus)).timeline.some((e) => e.kind === 'paged') ? true : undefined));
    expect(slack.recorder.calls('chat.postMessage').some((c) => c.error === 'ratelimited')).toBe(true);
    expect(statusPosts(id)).toHaveLength(1);
  });

  it('the message is created but its response is lost: the retry finds it, exactly one message', async () => {
    slack.faults.add('chat.postMessage', 'lose-response');
    const id = await open(`lost-${Date.now().toString(36)}`);
    const status = await until('the incident to know its message', async () => {
      const s: IncidentStatus = await client.workflow.getHandle(id).query(incidentStatus);
      return s.chat ? s : undefined;
    });
    expect(slack.recorder.calls('chat.postMessage').some((c) => c.fault === 'lose-response')).toBe(true);
    expect(statusPosts(id)).toHaveLength(1);
    expect(status.chat!.ts).toBe(statusPosts(id)[0]!.ts);
  });

  it('channel_not_found fails for good: on the timeline, counted, and the incident carries on', async () => {
    const id = await open(`nochan-${Date.now().toString(36)}`, 'C-DOES-NOT-EXIST');
    const status = await until('the notify-failed entry', async () => {
      const s: IncidentStatus = await client.workflow.getHandle(id).query(incidentStatus);
      return s.timeline.some((e) => e.kind === 'notify-failed') ? s : undefined;
    });
    expect(status.timeline.find((e) => e.kind === 'notify-failed')!.text).toContain('channel_not_found');
    expect(status.chatErrors).toBe(1);
    // One call, refused, and not retried (the notifier's look-up before posting is where Slack says so).
    const calls = slack.recorder.calls().filter((c) => c.args['channel'] === 'C-DOES-NOT-EXIST');
    expect(calls.map((c) => c.error)).toEqual(['channel_not_found']);
    expect(status.state).toBe('triggered');
  });
});
