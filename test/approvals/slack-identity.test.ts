/**
 * Slack approvals where identity is signed: Slack authenticates whoever clicks (its request
 * signature, checked by the app), and the app signs the decision it forwards, so the incident's
 * runbook run accepts it as identity `slack`; the same decision sent without that signature (as
 * `swaybot incident approve --as alice` would) is refused. Real peers: the dev server, an ops
 * worker, the local Slack and the Slack app (test/slack/harness.ts's helpers).
 */
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../chat/actions.js';
import { startLocalSlack } from '../../chat/local-slack/index.js';
import { SlackNotifier } from '../../chat/slack-notifier.js';
import { decideIncidentStep, getIncident, IncidentRefusedError } from '../../client/incident-actions.js';
import type { Config } from '../../config/schema.js';
import type { RunbookResult } from '../../workflows/messages.js';
import { createOpsWorker } from '../../workers/ops-worker.js';
import { startSlackApp } from '../../workers/slack.js';
import { workflowBundle } from '../support-interpreter/harness.js';
import { testConfig } from '../support-interpreter/test-config.js';
import { connectTestServer, uniqueTaskQueue } from '../support/temporal.js';
import { alertFor, BOT_TOKEN, captureLog, click, ENV, eventually, openIncident, replyTo, RUNBOOKS, SIGNING_SECRET, statusMessage, uniqueService, type SlackStack } from '../slack/harness.js';

/** The worker reads the Slack app's secret from its environment under this (test-only) name. */
const SECRET_ENV = `SWAYBOT_TEST_SIGNING_${Math.random().toString(36).slice(2, 8).toUpperCase()}`;

describe('Slack approvals with signed identity', () => {
  const h = {} as SlackStack;
  let server: Awaited<ReturnType<typeof connectTestServer>> | undefined;
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;

  beforeAll(async () => {
    process.env[SECRET_ENV] = SIGNING_SECRET;
    server = await connectTestServer();
    const slack = await startLocalSlack({ signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN });
    const base = testConfig();
    const config: Config = {
      ...base,
      groups: { sre: ['alice'] },
      // Nobody has a key: only what Slack vouches for can be believed.
      approvals: { identity: 'signed', maxSkew: '10m', directory: { people: {} } },
      slack: { ...base.slack, apiUrl: slack.url, port: 0, users: { 'U-ALICE': 'alice' }, signingSecret: { env: SECRET_ENV } },
      incidents: { ...base.incidents, runbooks: RUNBOOKS, channel: '#incidents', escalations: { default: { tiers: [{ name: 'on-call', page: ['alice'], ackWithin: '1h' }], repeat: 0 } }, rotations: {} },
    };
    const taskQueue = uniqueTaskQueue('slack-signed');
    const quiet = { debug() {}, info() {}, warn() {}, error() {} };
    worker = await createOpsWorker({
      connection: server.nativeConnection, namespace: server.namespace, taskQueue, config,
      notifier: new SlackNotifier({ token: BOT_TOKEN, apiUrl: slack.url }), workflowBundle: await workflowBundle(), logger: quiet,
    });
    running = worker.run();
    const logs = captureLog();
    const app = await startSlackApp({ client: server.client, config, env: { ...ENV, [SECRET_ENV]: SIGNING_SECRET }, taskQueue, port: 0, log: logs.log });
    Object.assign(h, { client: server.client, taskQueue, config, slack, logs, app, startApp: () => Promise.reject(new Error('unused')) });
  });

  afterAll(async () => {
    await h.app?.stop();
    await h.slack?.close();
    worker?.shutdown();
    await running;
    await server?.close();
    delete process.env[SECRET_ENV];
  });

  it('accepts the click as identity `slack`, and refuses the same decision unsigned', async () => {
    const { id } = await openIncident(h, alertFor(uniqueService('signed'), 'SlackDiskFull'));
    const waiting = await statusMessage(h, id, (m) => JSON.stringify(m.blocks).includes(ACTIONS.approve));
    const pending = (await getIncident(h.client, id)).runbook!;
    const step = pending.pendingStep!.id;

    const unsigned = decideIncidentStep(h.client, id, step, 'approve', 'alice');
    await expect(unsigned).rejects.toBeInstanceOf(IncidentRefusedError);
    await expect(unsigned).rejects.toThrow('`alice` did not sign it');

    const approved = await replyTo(h, await click(h, 'U-ALICE', waiting, ACTIONS.approve));
    expect(approved).toMatch(/^:\+1: You approved step/);
    await eventually(() => getIncident(h.client, id), (s) => s.runbook?.state === 'succeeded', 'the runbook run to succeed');
    const run = (await h.client.workflow.getHandle(pending.workflowId).result()) as RunbookResult;
    expect(run.steps.find((s) => s.id === step)?.decision).toMatchObject({ decision: 'approve', by: 'alice', identity: 'slack' });
  });
});
