import { LogLevel, WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLocalSlack, type LocalSlack } from '../../chat/local-slack/index.js';

const botToken = 'xoxb-local-token';
let slack: LocalSlack;
let client: WebClient;

beforeEach(async () => {
  slack = await startLocalSlack({ signingSecret: 'secret', botToken, channels: [{ id: 'C-INCIDENTS', name: 'incidents' }, { id: 'C-QUIET', name: 'quiet', member: false }] });
  client = new WebClient(botToken, { slackApiUrl: slack.url, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, logLevel: LogLevel.ERROR });
});
afterEach(() => slack.close());

/** A Web API call answered over HTTP without the SDK, to see status, headers and body as sent. */
async function raw(method: string, init: { body?: string; contentType?: string; token?: string | null } = {}) {
  const headers: Record<string, string> = { 'content-type': init.contentType ?? 'application/x-www-form-urlencoded' };
  if (init.token !== null) headers['authorization'] = `Bearer ${init.token ?? botToken}`;
  const response = await fetch(`${slack.url}${method}`, { method: 'POST', headers, ...(init.body === undefined ? {} : { body: init.body }) });
  return { status: response.status, headers: response.headers, json: (await response.json()) as Record<string, unknown> };
}

describe('local Slack Web API', () => {
  it('serves its API under a base URL ending in /api/ and answers auth.test as the bot', async () => {
    expect(slack.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/$/);
    expect(await client.auth.test()).toMatchObject({ ok: true, user_id: 'U-SWAYBOT', bot_id: 'B-SWAYBOT', team_id: 'T-LOCAL' });
  });

  it('posts by name or id, answers with the channel id, and threads replies', async () => {
    const a = await client.chat.postMessage({ channel: '#incidents', text: 'one' });
    const b = await client.chat.postMessage({ channel: 'incidents', text: 'two' });
    const reply = await client.chat.postMessage({ channel: 'C-INCIDENTS', text: 'three', thread_ts: a.ts! });
    expect([a.channel, b.channel, reply.channel]).toEqual(['C-INCIDENTS', 'C-INCIDENTS', 'C-INCIDENTS']);
    expect(a.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(a.message).toMatchObject({ type: 'message', text: 'one', user: 'U-SWAYBOT', bot_id: 'B-SWAYBOT', ts: a.ts });
    expect(slack.recorder.messages('#incidents', { topLevel: true }).map((m) => m.text)).toEqual(['one', 'two']);
    expect(slack.recorder.messages('incidents', { thread: a.ts! })).toMatchObject([{ text: 'three', threadTs: a.ts }]);
    expect(() => slack.recorder.messages('#typo')).toThrow(/C-INCIDENTS \(#incidents\)/);
  });

  it('takes JSON bodies too, and refuses bodies that are not JSON objects', async () => {
    const posted = await raw('chat.postMessage', { contentType: 'application/json', body: JSON.stringify({ channel: 'C-INCIDENTS', text: 'json', metadata: { event_type: 'e', event_payload: { key: 'k' } } }) });
    expect(posted.json).toMatchObject({ ok: true, channel: 'C-INCIDENTS' });
    expect(slack.recorder.messages('C-INCIDENTS')[0]).toMatchObject({ text: 'json', metadata: { event_type: 'e', event_payload: { key: 'k' } } });
    expect((await raw('chat.postMessage', { contentType: 'application/json', body: '[1' })).json).toEqual({ ok: false, error: 'invalid_json' });
  });

  it('checks the bearer token: not_authed without one, invalid_auth for a wrong one', async () => {
    expect((await raw('auth.test', { token: null })).json).toEqual({ ok: false, error: 'not_authed' });
    expect((await raw('auth.test', { token: 'xoxb-wrong' })).json).toEqual({ ok: false, error: 'invalid_auth' });
    expect((await raw('auth.test', { token: null, body: `token=${botToken}` })).json).toMatchObject({ ok: true });
    expect(slack.recorder.calls('auth.test').map((c) => c.error ?? 'ok')).toEqual(['not_authed', 'invalid_auth', 'ok']);
    expect(slack.recorder.calls('auth.test')[2]?.args).toEqual({});
  });

  it("answers Slack's errors for unknown channels, methods, threads and messages", async () => {
    expect((await raw('chat.postMessage', { body: 'channel=%23nope&text=x' })).json).toEqual({ ok: false, error: 'channel_not_found' });
    expect((await raw('chat.postMessage', { body: 'channel=C-QUIET&text=x' })).json).toEqual({ ok: false, error: 'not_in_channel' });
    expect((await raw('chat.postMessage', { body: 'channel=C-INCIDENTS' })).json).toEqual({ ok: false, error: 'no_text' });
    expect((await raw('chat.postMessage', { body: 'channel=C-INCIDENTS&text=x&thread_ts=1.000000' })).json).toEqual({ ok: false, error: 'thread_not_found' });
    expect((await raw('chat.postMessage', { body: 'channel=C-INCIDENTS&text=x&metadata=%7B%7D' })).json).toEqual({ ok: false, error: 'invalid_metadata_format' });
    expect((await raw('chat.update', { body: 'channel=%23incidents&ts=1.000000&text=x' })).json).toEqual({ ok: false, error: 'channel_not_found' });
    expect((await raw('chat.update', { body: 'channel=C-INCIDENTS&ts=1.000000&text=x' })).json).toEqual({ ok: false, error: 'message_not_found' });
    expect((await raw('conversations.history', { body: 'channel=%23incidents' })).json).toEqual({ ok: false, error: 'channel_not_found' });
    expect((await raw('users.info', { body: 'user=U-NOBODY' })).json).toEqual({ ok: false, error: 'user_not_found' });
    expect((await raw('files.upload', { body: '' })).json).toEqual({ ok: false, error: 'unknown_method', req_method: 'files.upload' });
  });

  it('refuses blocks Slack would refuse, saying where', async () => {
    const header = [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }];
    const answer = await raw('chat.postMessage', { body: new URLSearchParams({ channel: 'C-INCIDENTS', text: 'x', blocks: JSON.stringify(header) }).toString() });
    expect(answer.json).toMatchObject({ ok: false, error: 'invalid_blocks', errors: ['must be less than 151 characters [json-pointer:/blocks/0/text/text]'] });
    const tooMany = Array.from({ length: 51 }, () => ({ type: 'divider' }));
    expect((await raw('chat.postMessage', { body: new URLSearchParams({ channel: 'C-INCIDENTS', text: 'x', blocks: JSON.stringify(tooMany) }).toString() })).json).toMatchObject({
      error: 'invalid_blocks',
    });
    expect((await raw('chat.postMessage', { body: 'channel=C-INCIDENTS&text=x&blocks=%7B' })).json).toEqual({ ok: false, error: 'invalid_blocks_format' });
    expect(slack.recorder.messages('C-INCIDENTS')).toEqual([]);
  });

  it('updates messages in place, keeping their metadata, and says when they were edited', async () => {
    const posted = await client.chat.postMessage({ channel: 'C-INCIDENTS', text: 'before', metadata: { event_type: 'swaybot_message', event_payload: { key: 'k' } } });
    const updated = await client.chat.update({ channel: 'C-INCIDENTS', ts: posted.ts!, text: 'after' });
    expect(updated).toMatchObject({ ok: true, channel: 'C-INCIDENTS', ts: posted.ts, text: 'after' });
    const history = await client.conversations.history({ channel: 'C-INCIDENTS', include_all_metadata: true });
    expect(history.messages).toMatchObject([{ ts: posted.ts, text: 'after', edited: { user: 'U-SWAYBOT' }, metadata: { event_payload: { key: 'k' } } }]);
  });

  it('returns metadata only with include_all_metadata, newest first, paging by cursor', async () => {
    for (let i = 0; i < 5; i++) await client.chat.postMessage({ channel: 'C-INCIDENTS', text: `m${i}`, metadata: { event_type: 'swaybot_message', event_payload: { key: `k${i}` } } });
    const plain = await client.conversations.history({ channel: 'C-INCIDENTS' });
    expect(plain.messages?.map((m) => m.text)).toEqual(['m4', 'm3', 'm2', 'm1', 'm0']);
    expect(plain.messages?.some((m) => m.metadata !== undefined)).toBe(false);
    expect(plain).toMatchObject({ has_more: false, response_metadata: { next_cursor: '' } });

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.conversations.history({ channel: 'C-INCIDENTS', include_all_metadata: true, limit: 2, ...(cursor ? { cursor } : {}) });
      expect(page.messages!.length).toBeLessThanOrEqual(2);
      seen.push(...page.messages!.map((m) => String((m.metadata?.event_payload as Record<string, unknown> | undefined)?.['key'])));
      cursor = page.response_metadata?.next_cursor || undefined;
      expect(page.has_more).toBe(cursor !== undefined);
    } while (cursor);
    expect(seen).toEqual(['k4', 'k3', 'k2', 'k1', 'k0']);
    expect((await raw('conversations.history', { body: 'channel=C-INCIDENTS&cursor=junk' })).json).toEqual({ ok: false, error: 'invalid_cursor' });
  });

  it('serves a thread oldest first, the parent with its reply count, paging by cursor', async () => {
    const parent = await client.chat.postMessage({ channel: 'C-INCIDENTS', text: 'parent' });
    for (let i = 0; i < 3; i++) await client.chat.postMessage({ channel: 'C-INCIDENTS', text: `r${i}`, thread_ts: parent.ts! });
    const first = await client.conversations.replies({ channel: 'C-INCIDENTS', ts: parent.ts!, limit: 3 });
    expect(first.messages?.map((m) => m.text)).toEqual(['parent', 'r0', 'r1']);
    expect(first.messages?.[0]).toMatchObject({ thread_ts: parent.ts, reply_count: 3 });
    expect(first.messages?.[1]).toMatchObject({ thread_ts: parent.ts, parent_user_id: 'U-SWAYBOT' });
    const rest = await client.conversations.replies({ channel: 'C-INCIDENTS', ts: parent.ts!, limit: 3, cursor: first.response_metadata!.next_cursor! });
    expect(rest.messages?.map((m) => m.text)).toEqual(['r2']);
    expect(rest.response_metadata?.next_cursor).toBe('');
    // History shows only the top level.
    expect((await client.conversations.history({ channel: 'C-INCIDENTS' })).messages?.map((m) => m.text)).toEqual(['parent']);
  });

  it('lists channels and describes them', async () => {
    const list = await client.conversations.list({ types: 'public_channel,private_channel', limit: 1 });
    expect(list.channels?.map((c) => c.name)).toEqual(['incidents']);
    const next = await client.conversations.list({ types: 'public_channel,private_channel', limit: 1, cursor: list.response_metadata!.next_cursor! });
    expect(next.channels?.map((c) => [c.id, c.is_member])).toEqual([['C-QUIET', false]]);
    expect((await client.conversations.info({ channel: 'C-INCIDENTS' })).channel).toMatchObject({ id: 'C-INCIDENTS', name: 'incidents', is_member: true });
    expect((await client.users.info({ user: 'U-ALICE' })).user).toMatchObject({ id: 'U-ALICE', name: 'alice' });
  });

  it('records ephemeral messages for their user', async () => {
    const answer = await client.chat.postEphemeral({ channel: '#incidents', user: 'U-BOB', text: 'only for bob' });
    expect(answer.message_ts).toMatch(/^\d+\.\d{6}$/);
    expect(slack.recorder.ephemerals('C-INCIDENTS')).toMatchObject([{ user: 'U-BOB', text: 'only for bob', via: 'chat.postEphemeral' }]);
    expect(slack.recorder.messages('C-INCIDENTS')).toEqual([]);
  });
});

describe('local Slack faults', () => {
  it('rate-limits with HTTP 429 and Retry-After', async () => {
    slack.faults.add('auth.test', 'ratelimited:3');
    const answer = await raw('auth.test');
    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBe('3');
    expect(answer.json).toEqual({ ok: false, error: 'ratelimited' });
    expect((await raw('auth.test')).status).toBe(200);
  });

  it('answers one-shot errors and HTTP 500s, in queue order, per method', async () => {
    slack.faults.add('chat.postMessage', 'error:account_inactive', 'http500');
    expect(slack.faults.pending('chat.postMessage')).toBe(2);
    await expect(client.auth.test()).resolves.toMatchObject({ ok: true });
    expect((await raw('chat.postMessage', { body: 'channel=C-INCIDENTS&text=x' })).json).toEqual({ ok: false, error: 'account_inactive' });
    const failed = await fetch(`${slack.url}chat.postMessage`, { method: 'POST', headers: { authorization: `Bearer ${botToken}`, 'content-type': 'application/x-www-form-urlencoded' }, body: 'channel=C-INCIDENTS&text=x' });
    expect(failed.status).toBe(500);
    expect(await failed.text()).toContain('500 Internal Server Error');
    expect(slack.recorder.calls('chat.postMessage').map((c) => c.fault)).toEqual(['error:account_inactive', 'http500']);
    expect(slack.recorder.messages('C-INCIDENTS')).toEqual([]);
    expect(() => slack.faults.add('chat.postMessage', 'explode' as never)).toThrow(/Unexpected fault `explode`/);
  });

  it('loses the response after the post took effect', async () => {
    slack.faults.add('chat.postMessage', 'lose-response');
    await expect(client.chat.postMessage({ channel: 'C-INCIDENTS', text: 'lost' })).rejects.toThrow();
    expect(slack.recorder.messages('C-INCIDENTS').map((m) => m.text)).toEqual(['lost']);
    expect(slack.recorder.calls('chat.postMessage')).toMatchObject([{ status: 0, ok: true, fault: 'lose-response' }]);
  });
});

describe('recorder.waitFor', () => {
  it('resolves with the first truthy value and times out naming what it waited for', async () => {
    setTimeout(() => void client.chat.postMessage({ channel: 'C-INCIDENTS', text: 'later' }), 50);
    const message = await slack.recorder.waitFor(() => slack.recorder.messages('C-INCIDENTS')[0], 5000, 'a message');
    expect(message.text).toBe('later');
    await expect(slack.recorder.waitFor(() => false, 100, 'nothing')).rejects.toThrow('Timed out after 100 ms waiting for nothing on the local Slack');
  });
});
