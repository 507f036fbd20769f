import { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { incidentMessage, timelineText } from '../../chat/blocks.js';
import { startLocalSlack, type LocalSlack } from '../../chat/local-slack/index.js';
import { ChatError } from '../../chat/notifier.js';
import { MESSAGE_EVENT_TYPE, SlackNotifier } from '../../chat/slack-notifier.js';
import { incident } from './incident-fixture.js';

const botToken = 'xoxb-local-1234567890-abcdefSECRET';
let slack: LocalSlack;
let notifier: SlackNotifier;

beforeEach(async () => {
  slack = await startLocalSlack({ signingSecret: 'signing-secret', botToken, channels: [{ id: 'C-INCIDENTS', name: 'incidents' }, { id: 'C-QUIET', name: 'quiet', member: false }] });
  notifier = new SlackNotifier({ token: botToken, apiUrl: slack.url });
});
afterEach(() => slack.close());

/** What a failed call threw. */
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error as ChatError,
  );

const withKey = (key: string) => slack.recorder.messages('#incidents').filter((m) => m.metadata?.event_payload['key'] === key);

describe('SlackNotifier against the local Slack', () => {
  it('posts a status message with its key in metadata, updates it and replies in its thread', async () => {
    const status = { key: 'incident-api/status', channel: '#incidents', ...incidentMessage(incident()) };
    const ref = await notifier.post(status);
    expect(ref.channel).toBe('C-INCIDENTS');
    const [posted] = withKey('incident-api/status');
    expect(posted).toMatchObject({ ts: ref.ts, text: status.text, blocks: status.blocks, metadata: { event_type: MESSAGE_EVENT_TYPE, event_payload: { key: 'incident-api/status' } } });

    const acked = incidentMessage(incident({ state: 'acknowledged', acknowledgedBy: 'alice' }));
    await notifier.update({ ref, ...acked });
    expect(slack.recorder.message('C-INCIDENTS', ref.ts)).toMatchObject({ text: acked.text, blocks: acked.blocks, updates: 1, metadata: { event_payload: { key: 'incident-api/status' } } });

    const line = timelineText({ at: '2026-03-02T14:05:09Z', kind: 'acknowledged', by: 'alice', text: 'Acknowledged' });
    const reply = await notifier.post({ key: 'incident-api/timeline/1', channel: ref.channel, threadTs: ref.ts, text: line });
    expect(slack.recorder.messages('C-INCIDENTS', { thread: ref.ts })).toMatchObject([{ ts: reply.ts, text: line, threadTs: ref.ts }]);
    // The channel name was looked up once.
    expect(slack.recorder.calls('conversations.list')).toHaveLength(1);
  });

  it('returns the message already posted for a key instead of posting again', async () => {
    const message = { key: 'k/status', channel: '#incidents', text: 'hello' };
    const first = await notifier.post(message);
    const second = await new SlackNotifier({ token: botToken, apiUrl: slack.url }).post(message);
    expect(second).toEqual(first);
    expect(slack.recorder.calls('chat.postMessage')).toHaveLength(1);
  });

  it('a first try (mayExist false) posts without looking; a retry looks first', async () => {
    const ref = await notifier.post({ key: 'first/status', channel: 'C-INCIDENTS', text: 'hello', mayExist: false });
    await notifier.post({ key: 'first/timeline/0', channel: 'C-INCIDENTS', threadTs: ref.ts, text: 'opened', mayExist: false });
    expect(slack.recorder.calls('conversations.history')).toHaveLength(0);
    expect(slack.recorder.calls('conversations.replies')).toHaveLength(0);
    expect(await notifier.post({ key: 'first/status', channel: 'C-INCIDENTS', text: 'hello', mayExist: true })).toEqual(ref);
    expect(slack.recorder.calls('conversations.history')).toHaveLength(1);
    expect(withKey('first/status')).toHaveLength(1);
  });

  it('after a lost response, a retried post finds the message by its metadata: exactly one message', async () => {
    slack.faults.add('chat.postMessage', 'lose-response');
    const message = { key: 'incident-db/status', channel: '#incidents', ...incidentMessage(incident({ service: 'db' })) };
    const error = await failure(notifier.post(message));
    expect(error).toBeInstanceOf(ChatError);
    expect(error).toMatchObject({ code: 'network', retryable: true });
    expect(withKey('incident-db/status')).toHaveLength(1);

    const ref = await notifier.post(message);
    const posted = withKey('incident-db/status');
    expect(posted).toHaveLength(1);
    expect(ref).toEqual({ channel: 'C-INCIDENTS', ts: posted[0]?.ts });
    expect(slack.recorder.calls('chat.postMessage')).toHaveLength(1);
    const history = slack.recorder.calls('conversations.history');
    expect(history.at(-1)?.args).toMatchObject({ channel: 'C-INCIDENTS', include_all_metadata: 'true' });
  });

  it('after a lost response to a thread reply, finds the reply in the thread', async () => {
    const parent = await notifier.post({ key: 'p/status', channel: '#incidents', text: 'parent' });
    // Other top-level traffic in between does not matter: replies are looked for in the thread.
    await notifier.post({ key: 'other/status', channel: '#incidents', text: 'other' });
    slack.faults.add('chat.postMessage', 'lose-response');
    const reply = { key: 'p/timeline/1', channel: parent.channel, threadTs: parent.ts, text: 'acknowledged' };
    expect(await failure(notifier.post(reply))).toMatchObject({ retryable: true });
    const ref = await notifier.post(reply);
    const replies = slack.recorder.messages('C-INCIDENTS', { thread: parent.ts });
    expect(replies.map((m) => m.ts)).toEqual([ref.ts]);
    expect(slack.recorder.calls('conversations.replies').at(-1)?.args).toMatchObject({ ts: parent.ts, include_all_metadata: 'true' });
  });

  it('pages through history by cursor within its scan window, and no further', async () => {
    const message = { key: 'old/status', channel: 'C-INCIDENTS', text: 'old' };
    await notifier.post(message);
    const raw = new WebClient(botToken, { slackApiUrl: slack.url });
    for (let i = 0; i < 210; i++) await raw.chat.postMessage({ channel: 'C-INCIDENTS', text: `filler ${i}` });

    const wide = new SlackNotifier({ token: botToken, apiUrl: slack.url, scanLimit: 400 });
    const before = slack.recorder.calls('conversations.history').length;
    await wide.post(message);
    const pages = slack.recorder.calls('conversations.history').slice(before);
    expect(pages).toHaveLength(2);
    expect(pages[1]?.args['cursor']).toEqual(expect.any(String));
    expect(withKey('old/status')).toHaveLength(1);

    // A window of 200 does not reach back past 210 newer messages: the bound is real, the message is posted again.
    await new SlackNotifier({ token: botToken, apiUrl: slack.url }).post(message);
    expect(withKey('old/status')).toHaveLength(2);
  });

  it('turns a rate limit into a retryable ChatError with Retry-After as retryAfterMs, without the SDK retrying', async () => {
    slack.faults.add('chat.postMessage', 'ratelimited:7');
    const error = await failure(notifier.post({ key: 'r', channel: '#incidents', text: 'x' }));
    expect(error).toMatchObject({ name: 'ChatError', code: 'ratelimited', retryable: true, retryAfterMs: 7000 });
    expect(slack.recorder.calls('chat.postMessage')).toHaveLength(1);
    expect(slack.faults.pending()).toBe(0);
  });

  it('rate limits on the lookup fail the post the same way', async () => {
    slack.faults.add('conversations.history', 'ratelimited');
    expect(await failure(notifier.post({ key: 'r', channel: '#incidents', text: 'x' }))).toMatchObject({ code: 'ratelimited', retryable: true, retryAfterMs: 1000 });
    expect(slack.recorder.calls('chat.postMessage')).toHaveLength(0);
  });

  it('treats HTTP 5xx, Slack internal errors and unreachable Slack as retryable', async () => {
    slack.faults.add('chat.postMessage', 'http500', 'error:internal_error');
    expect(await failure(notifier.post({ key: 'a', channel: '#incidents', text: 'x' }))).toMatchObject({ code: 'http_500', retryable: true });
    expect(await failure(notifier.post({ key: 'a', channel: '#incidents', text: 'x' }))).toMatchObject({ code: 'internal_error', retryable: true });
    await slack.close();
    expect(await failure(notifier.post({ key: 'a', channel: '#incidents', text: 'x' }))).toMatchObject({ code: 'network', retryable: true });
  });

  it('treats channel_not_found, not_in_channel, invalid_auth, missing_scope and msg_too_long as not retryable', async () => {
    expect(await failure(notifier.post({ key: 'a', channel: '#nowhere', text: 'x' }))).toMatchObject({ code: 'channel_not_found', retryable: false });
    expect(await failure(notifier.post({ key: 'a', channel: 'C-NOWHERE', text: 'x' }))).toMatchObject({ code: 'channel_not_found', retryable: false });
    expect(await failure(notifier.post({ key: 'a', channel: '#quiet', text: 'x' }))).toMatchObject({ code: 'not_in_channel', retryable: false });
    expect(await failure(notifier.post({ key: 'a', channel: '#incidents', text: 'x'.repeat(40_001) }))).toMatchObject({ code: 'msg_too_long', retryable: false });
    slack.faults.add('chat.postMessage', 'error:missing_scope');
    expect(await failure(notifier.post({ key: 'a', channel: '#incidents', text: 'x' }))).toMatchObject({ code: 'missing_scope', retryable: false });
    const ref = { channel: 'C-INCIDENTS', ts: '1.000001' };
    expect(await failure(notifier.update({ ref, text: 'x' }))).toMatchObject({ code: 'message_not_found', retryable: false });
    const wrongToken = 'xoxb-wrong-token-0987654321';
    const error = await failure(new SlackNotifier({ token: wrongToken, apiUrl: slack.url }).post({ key: 'a', channel: 'C-INCIDENTS', text: 'x' }));
    expect(error).toMatchObject({ code: 'invalid_auth', retryable: false });
    expect(`${error.message} ${error.stack}`).not.toContain(wrongToken);
  });

  it('never puts the token in error messages', async () => {
    const errors: ChatError[] = [];
    slack.faults.add('chat.postMessage', 'lose-response', 'ratelimited', 'http500', 'error:token_revoked', 'error:account_inactive');
    for (let i = 0; i < 5; i++) errors.push(await failure(notifier.post({ key: `t${i}`, channel: '#incidents', text: 'x' })));
    await slack.close();
    errors.push(await failure(notifier.post({ key: 'down', channel: 'C-INCIDENTS', text: 'x' })));
    expect(errors.map((e) => e.code)).toEqual(['network', 'ratelimited', 'http_500', 'token_revoked', 'account_inactive', 'network']);
    expect(errors.map((e) => e.retryable)).toEqual([true, true, true, false, false, true]);
    for (const error of errors) expect(`${error.message}\n${error.stack}\n${JSON.stringify(error)}`).not.toContain('SECRET');
  });
});
