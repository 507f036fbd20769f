/**
 * The local Slack's interactivity against a real Bolt app (HTTP receiver): Bolt
 * checks the signatures and parses the bodies, so these tests show that slash
 * commands and clicks arrive in the shapes and with the signatures Slack uses.
 */
import type { AddressInfo } from 'node:net';
import { App, LogLevel, type BlockAction, type ButtonAction, type SlashCommand } from '@slack/bolt';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACTIONS, incidentMessage } from '../../chat/blocks.js';
import { startLocalSlack, type LocalSlack } from '../../chat/local-slack/index.js';
import { SlackNotifier } from '../../chat/slack-notifier.js';
import { awaitingApproval } from './incident-fixture.js';

const botToken = 'xoxb-interact-token';
const signingSecret = 'interact-signing-secret';
let slack: LocalSlack;
let app: App;
const commands: SlashCommand[] = [];
const clicks: { body: BlockAction; action: ButtonAction }[] = [];

beforeAll(async () => {
  slack = await startLocalSlack({ signingSecret, botToken });
  app = new App({ token: botToken, signingSecret, clientOptions: { slackApiUrl: slack.url }, logLevel: LogLevel.ERROR });
  app.command('/swaybot', async ({ command, ack, respond }) => {
    commands.push(command);
    await ack(`on it: ${command.text}`);
    await respond({ response_type: 'ephemeral', text: `You may not ${command.text}: not on call` });
  });
  app.action<BlockAction<ButtonAction>>(ACTIONS.approve, async ({ ack, body, action, respond }) => {
    clicks.push({ body, action });
    await ack();
    await respond({ response_type: 'ephemeral', replace_original: false, text: 'Refused: bob is not an approver of sre' });
  });
  app.action<BlockAction<ButtonAction>>(ACTIONS.resolve, async ({ ack, body, action, respond }) => {
    clicks.push({ body, action });
    await ack();
    await respond({ replace_original: true, text: 'Resolved by alice' });
  });
  const server = await app.start({ port: 0, host: '127.0.0.1' });
  slack.interact.appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
});
afterAll(async () => {
  await app.stop();
  await slack.close();
});
beforeEach(() => {
  commands.length = 0;
  clicks.length = 0;
});

describe('local Slack interactivity with a Bolt app', () => {
  it("sends a slash command Bolt accepts, returns the app's ack and records its response_url reply", async () => {
    const answer = await slack.interact.slashCommand({ text: 'resolve incident-api-x', userId: 'U-BOB' });
    expect(answer.status).toBe(200);
    expect(answer.body).toBe('on it: resolve incident-api-x');
    // Bolt checked its token against the local Slack before dispatching.
    expect(slack.recorder.calls('auth.test')).toMatchObject([{ ok: true }]);
    expect(commands).toMatchObject([{ command: '/swaybot', text: 'resolve incident-api-x', user_id: 'U-BOB', user_name: 'bob', channel_id: 'C-INCIDENTS', team_id: 'T-LOCAL', response_url: answer.responseUrl }]);
    const [reply] = await slack.recorder.waitFor(() => (slack.recorder.responses(answer.responseUrl).length > 0 ? slack.recorder.responses(answer.responseUrl) : undefined), 5000, 'the ephemeral reply');
    expect(reply).toMatchObject({ action: 'ephemeral', text: 'You may not resolve incident-api-x: not on call', origin: { kind: 'command', userId: 'U-BOB' } });
    expect(slack.recorder.ephemerals('C-INCIDENTS').at(-1)).toMatchObject({ user: 'U-BOB', via: 'response_url' });
  });

  it('clicks a button of a posted incident message with the fields Slack sends', async () => {
    const ref = await new SlackNotifier({ token: botToken, apiUrl: slack.url }).post({ key: 'click/status', channel: '#incidents', ...incidentMessage(awaitingApproval()) });
    const value = JSON.stringify({ incident: 'incident-api-HighErrorRate', step: 'restart' });
    const answer = await slack.interact.clickButton({ userId: 'U-BOB', actionId: ACTIONS.approve, value, channel: ref.channel, messageTs: ref.ts });
    expect(answer.status).toBe(200);
    expect(clicks).toHaveLength(1);
    const { body, action } = clicks[0]!;
    expect(action).toMatchObject({ type: 'button', action_id: ACTIONS.approve, block_id: 'incident-actions', value, style: 'primary', text: { text: 'Approve' } });
    expect(action.action_ts).toMatch(/^\d+\.\d{6}$/);
    expect(body).toMatchObject({
      type: 'block_actions',
      user: { id: 'U-BOB', username: 'bob', name: 'bob', team_id: 'T-LOCAL' },
      api_app_id: 'A-SWAYBOT',
      container: { type: 'message', message_ts: ref.ts, channel_id: 'C-INCIDENTS' },
      team: { id: 'T-LOCAL' },
      channel: { id: 'C-INCIDENTS', name: 'incidents' },
      message: { ts: ref.ts, metadata: { event_payload: { key: 'click/status' } } },
      response_url: answer.responseUrl,
    });
    expect(body.trigger_id).toEqual(expect.any(String));
    const reply = await slack.recorder.waitFor(() => slack.recorder.responses(answer.responseUrl)[0], 5000, 'the ephemeral refusal');
    expect(reply).toMatchObject({ action: 'ephemeral', text: 'Refused: bob is not an approver of sre' });
    expect(slack.recorder.message('C-INCIDENTS', ref.ts)?.updates).toBe(0);
  });

  it('applies replace_original replies to the clicked message', async () => {
    const ref = await new SlackNotifier({ token: botToken, apiUrl: slack.url }).post({ key: 'replace/status', channel: '#incidents', text: 'open' });
    const answer = await slack.interact.clickButton({ userId: 'U-ALICE', actionId: ACTIONS.resolve, value: '{"incident":"i"}', channel: '#incidents', messageTs: ref.ts });
    expect(answer.status).toBe(200);
    expect(clicks[0]?.action.block_id).toBe('actions');
    await slack.recorder.waitFor(() => slack.recorder.message('C-INCIDENTS', ref.ts)?.text === 'Resolved by alice', 5000, 'the replaced message');
    expect(slack.recorder.responses(answer.responseUrl)).toMatchObject([{ action: 'replace' }]);
  });

  it('forges requests that Bolt refuses: bad signature, stale timestamp, unsigned', async () => {
    for (const forgery of [{ badSignature: true }, { timestampOffsetSec: -600 }, { unsigned: true }]) {
      const answer = await slack.interact.slashCommand({ text: 'ack', userId: 'U-ALICE', ...forgery });
      expect(answer.status, JSON.stringify(forgery)).toBe(401);
    }
    const click = await slack.interact.clickButton({ userId: 'U-ALICE', actionId: ACTIONS.resolve, value: '{}', channel: 'C-INCIDENTS', messageTs: '1.000000', badSignature: true });
    expect(click.status).toBe(401);
    expect(commands).toEqual([]);
    expect(clicks).toEqual([]);
  });

  it('takes at most five replies per response_url', async () => {
    const answer = await slack.interact.slashCommand({ text: 'status', userId: 'U-ALICE' });
    await slack.recorder.waitFor(() => slack.recorder.responses(answer.responseUrl)[0], 5000, 'the first reply');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await fetch(answer.responseUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: `reply ${i}` }) })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 404]);
  });
});
