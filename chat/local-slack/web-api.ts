/**
 * The local Slack's Web API methods, answering with the shapes of Slack's real
 * responses (typed against `@slack/web-api`'s response types) and its error
 * codes. Channels: `chat.postMessage` and `chat.postEphemeral` accept an id, a
 * name or `#name`, as Slack does; methods that read or edit a channel
 * (`chat.update`, `conversations.*`) take the id only, as Slack does.
 */
import type {
  AuthTestResponse,
  ChatPostEphemeralResponse,
  ChatPostMessageResponse,
  ChatUpdateResponse,
  ConversationsHistoryResponse,
  ConversationsInfoResponse,
  ConversationsListResponse,
  ConversationsRepliesResponse,
  FilesCompleteUploadExternalResponse,
  FilesGetUploadURLExternalResponse,
  UsersInfoResponse,
} from '@slack/web-api';
import { SLACK_LIMITS } from '../slack-text.js';
import { decodeCursor, encodeCursor, flag, integer, isObject, parseJson, text, tsKey, type Args } from './args.js';
import { checkBlocks } from './block-check.js';
import type { LocalChannel, LocalMessage, LocalMetadata, SlackState } from './state.js';

/** A method's answer: always HTTP 200 with `ok`, as Slack answers. */
export interface Reply {
  body: { ok: boolean } & Record<string, unknown>;
}

type Handler = (state: SlackState, args: Args) => Reply;

const ok = (body: { ok: true } & Record<string, unknown>): Reply => ({ body });
const fail = (error: string, extra: Record<string, unknown> = {}): Reply => ({ body: { ok: false, error, ...extra } });

/** Web API methods by name. */
export const METHODS: Record<string, Handler> = {
  'auth.test': (state) => {
    const id = state.identity;
    return ok({ ok: true,
      url: `https://${id.teamDomain}.slack.com/`,
      team: id.teamDomain,
      user: id.botName,
      team_id: id.teamId,
      user_id: id.botUserId,
      bot_id: id.botId,
      app_id: id.appId,
      is_enterprise_install: false,
    } satisfies AuthTestResponse);
  },

  // Slack's upload in three steps: an upload URL per file, the bytes POSTed there (server.ts), then complete.
  'files.getUploadURLExternal': (state, args) => {
    const filename = text(args, 'filename');
    const length = Number(text(args, 'length'));
    if (!filename) return fail('invalid_arguments', { response_metadata: { messages: ['[ERROR] missing required field: filename'] } });
    if (!Number.isInteger(length) || length < 1) return fail('invalid_arguments', { response_metadata: { messages: ['[ERROR] missing required field: length'] } });
    const file = state.newFile(filename, length);
    return ok({ ok: true, upload_url: `${state.baseUrl}/upload/${file.id}`, file_id: file.id } satisfies FilesGetUploadURLExternalResponse);
  },

  'files.completeUploadExternal': (state, args) => {
    const list = parseJson(args['files']);
    if (!Array.isArray(list) || list.length === 0) return fail('invalid_arguments');
    const done = [];
    for (const item of list as unknown[]) {
      const id = isObject(item) && typeof item['id'] === 'string' ? item['id'] : '';
      const file = state.files.get(id);
      if (!file) return fail('file_not_found');
      if (file.data === undefined) return fail('file_upload_not_complete');
      if (file.data.length !== file.length) return fail('file_upload_size_mismatch');
      file.completed = true;
      if (isObject(item) && typeof item['title'] === 'string') file.title = item['title'];
      done.push({ id: file.id, name: file.name, title: file.title ?? file.name, size: file.length, mimetype: mimeOf(file.name), is_public: false });
    }
    if (args['channel_id'] !== undefined) {
      const channel = state.channel(text(args, 'channel_id') ?? '', { byName: false });
      if (!channel) return fail('channel_not_found');
      state.post({ channel: channel.id, text: text(args, 'initial_comment') ?? '', ...(text(args, 'thread_ts') ? { threadTs: text(args, 'thread_ts')! } : {}), files: done.map((f) => f.id) });
    }
    return ok({ ok: true, files: done } satisfies FilesCompleteUploadExternalResponse);
  },

  'chat.postMessage': (state, args) => {
    const channel = state.channel(text(args, 'channel') ?? '', { byName: true });
    if (!channel) return fail('channel_not_found');
    if (!channel.member) return fail('not_in_channel');
    const parsed = content(args, true, state);
    if ('body' in parsed) return parsed;
    let threadTs = text(args, 'thread_ts');
    if (threadTs !== undefined) {
      const parent = state.message(channel.id, threadTs);
      if (!parent) return fail('thread_not_found');
      threadTs = parent.threadTs ?? parent.ts;
    }
    const message = state.post({ channel: channel.id, ...parsed, ...(threadTs === undefined ? {} : { threadTs }) });
    return ok({ ok: true, channel: channel.id, ts: message.ts, message: apiMessage(state, message, true) } satisfies ChatPostMessageResponse);
  },

  'chat.update': (state, args) => {
    const channel = state.channel(text(args, 'channel') ?? '', { byName: false });
    if (!channel) return fail('channel_not_found');
    const message = state.message(channel.id, text(args, 'ts') ?? '');
    if (!message) return fail('message_not_found');
    if (message.user !== state.identity.botUserId) return fail('cant_update_message');
    const parsed = content(args, true, state);
    if ('body' in parsed) return parsed;
    state.edit(message, parsed);
    return ok({ ok: true, channel: channel.id, ts: message.ts, text: message.text, message: apiMessage(state, message, true) } satisfies ChatUpdateResponse);
  },

  'chat.postEphemeral': (state, args) => {
    const channel = state.channel(text(args, 'channel') ?? '', { byName: true });
    if (!channel) return fail('channel_not_found');
    if (!channel.member) return fail('not_in_channel');
    const user = state.user(text(args, 'user') ?? '');
    if (!user) return fail('user_not_found');
    const parsed = content(args, false, state);
    if ('body' in parsed) return parsed;
    const ts = state.nextTs();
    const threadTs = text(args, 'thread_ts');
    state.ephemerals.push({
      channel: channel.id,
      user: user.id,
      ts,
      text: parsed.text,
      ...(parsed.blocks === undefined ? {} : { blocks: parsed.blocks }),
      ...(threadTs === undefined ? {} : { threadTs }),
      via: 'chat.postEphemeral',
      at: new Date(),
    });
    return ok({ ok: true, message_ts: ts } satisfies ChatPostEphemeralResponse);
  },

  'conversations.history': (state, args) => {
    const channel = readableChannel(state, args);
    if ('body' in channel) return channel;
    const limit = integer(args, 'limit', 100, 1, 999);
    if (limit === undefined) return fail('invalid_limit');
    const latest = text(args, 'latest');
    const oldest = text(args, 'oldest');
    const inclusive = flag(args, 'inclusive');
    const inRange = (m: LocalMessage) =>
      (latest === undefined || (inclusive ? tsKey(m.ts) <= tsKey(latest) : tsKey(m.ts) < tsKey(latest))) &&
      (oldest === undefined || (inclusive ? tsKey(m.ts) >= tsKey(oldest) : tsKey(m.ts) > tsKey(oldest)));
    const newestFirst = state.topLevel(channel.id).filter(inRange).reverse();
    const page = paginate(newestFirst, args, limit, (m, from) => tsKey(m.ts) <= from);
    if ('body' in page) return page;
    const withMetadata = flag(args, 'include_all_metadata');
    return ok({ ok: true,
      messages: page.items.map((m) => apiMessage(state, m, withMetadata)),
      has_more: page.nextCursor !== '',
      pin_count: 0,
      channel_actions_count: 0,
      response_metadata: { next_cursor: page.nextCursor },
    } satisfies ConversationsHistoryResponse);
  },

  'conversations.replies': (state, args) => {
    const channel = readableChannel(state, args);
    if ('body' in channel) return channel;
    const limit = integer(args, 'limit', 1000, 1, 1000);
    if (limit === undefined) return fail('invalid_limit');
    const start = state.message(channel.id, text(args, 'ts') ?? '');
    if (!start) return fail('thread_not_found');
    const thread = state.thread(channel.id, start.threadTs ?? start.ts);
    const page = paginate(thread, args, limit, (m, from) => tsKey(m.ts) >= from);
    if ('body' in page) return page;
    const withMetadata = flag(args, 'include_all_metadata');
    return ok({ ok: true,
      messages: page.items.map((m) => apiMessage(state, m, withMetadata)),
      has_more: page.nextCursor !== '',
      response_metadata: { next_cursor: page.nextCursor },
    } satisfies ConversationsRepliesResponse);
  },

  'conversations.info': (state, args) => {
    const channel = state.channel(text(args, 'channel') ?? '', { byName: false });
    if (!channel) return fail('channel_not_found');
    return ok({ ok: true, channel: apiChannel(channel) } satisfies ConversationsInfoResponse);
  },

  'conversations.list': (state, args) => {
    const types = (text(args, 'types') ?? 'public_channel').split(',').map((t) => t.trim());
    const limit = integer(args, 'limit', 100, 1, 1000);
    if (limit === undefined) return fail('invalid_limit');
    const visible = state.channels.filter((c) => types.includes(c.isPrivate ? 'private_channel' : 'public_channel') && (!c.isPrivate || c.member));
    const cursor = text(args, 'cursor');
    let from = 0;
    if (cursor) {
      const id = decodeCursor(cursor, 'next_id');
      from = id === undefined ? -1 : visible.findIndex((c) => c.id === id);
      if (from < 0) return fail('invalid_cursor');
    }
    const items = visible.slice(from, from + limit);
    const next = visible[from + limit];
    return ok({ ok: true,
      channels: items.map(apiChannel),
      response_metadata: { next_cursor: next ? encodeCursor('next_id', next.id) : '' },
    } satisfies ConversationsListResponse);
  },

  'users.info': (state, args) => {
    const user = state.user(text(args, 'user') ?? '');
    if (!user) return fail('user_not_found');
    return ok({ ok: true,
      user: {
        id: user.id,
        team_id: state.identity.teamId,
        name: user.name,
        real_name: user.realName,
        deleted: false,
        is_bot: false,
        tz: 'Etc/UTC',
        profile: { real_name: user.realName, display_name: user.name },
      },
    } satisfies UsersInfoResponse);
  },
};

/** A message as `conversations.history`/`replies` and `chat.*` answer it. */
function apiMessage(state: SlackState, m: LocalMessage, withMetadata: boolean) {
  const id = state.identity;
  const replies = m.threadTs === undefined ? state.replies(m.channel, m.ts) : [];
  const last = replies[replies.length - 1];
  return {
    type: 'message',
    user: m.user,
    bot_id: id.botId,
    app_id: id.appId,
    team: id.teamId,
    text: m.text,
    ts: m.ts,
    bot_profile: { id: id.botId, app_id: id.appId, name: id.botName, team_id: id.teamId, deleted: false },
    ...(m.blocks === undefined ? {} : { blocks: m.blocks as never[] }),
    ...(m.threadTs === undefined ? {} : { thread_ts: m.threadTs, parent_user_id: state.message(m.channel, m.threadTs)?.user ?? id.botUserId }),
    ...(last === undefined
      ? {}
      : { thread_ts: m.ts, reply_count: replies.length, reply_users: [id.botUserId], reply_users_count: 1, latest_reply: last.ts }),
    ...(m.edited === undefined ? {} : { edited: m.edited }),
    ...(withMetadata && m.metadata !== undefined ? { metadata: m.metadata as { event_type: string; event_payload: never } } : {}),
  };
}

function apiChannel(c: LocalChannel) {
  return {
    id: c.id,
    name: c.name,
    name_normalized: c.name,
    is_channel: true,
    is_group: false,
    is_im: false,
    is_mpim: false,
    is_private: c.isPrivate,
    is_archived: false,
    is_general: false,
    is_member: c.member,
    is_shared: false,
    is_ext_shared: false,
    is_org_shared: false,
    created: c.created,
    creator: 'U-ADMIN',
    topic: { value: '', creator: '', last_set: 0 },
    purpose: { value: '', creator: '', last_set: 0 },
  };
}

/** Text, blocks and metadata of a post or update, checked as Slack checks them. */
function content(args: Args, metadataAllowed: boolean, state?: SlackState): { text: string; blocks?: unknown[]; metadata?: LocalMetadata } | Reply {
  const messageText = text(args, 'text') ?? '';
  let blocks: unknown[] | undefined;
  if (args['blocks'] !== undefined && args['blocks'] !== '') {
    const value = parseJson(args['blocks']);
    if (!Array.isArray(value)) return fail('invalid_blocks_format');
    const errors = checkBlocks(value, state ? (id) => state.files.get(id)?.completed === true : undefined);
    if (errors.length > 0) return fail('invalid_blocks', { errors, response_metadata: { messages: errors.map((e) => `[ERROR] ${e}`) } });
    blocks = value;
  }
  if (messageText === '' && (blocks === undefined || blocks.length === 0)) return fail('no_text');
  if (messageText.length > SLACK_LIMITS.messageText) return fail('msg_too_long');
  let metadata: LocalMetadata | undefined;
  if (metadataAllowed && args['metadata'] !== undefined && args['metadata'] !== '') {
    const value = parseJson(args['metadata']);
    if (!isObject(value) || typeof value['event_type'] !== 'string' || !isObject(value['event_payload'])) return fail('invalid_metadata_format');
    metadata = { event_type: value['event_type'], event_payload: value['event_payload'] };
  }
  return { text: messageText, ...(blocks === undefined ? {} : { blocks }), ...(metadata === undefined ? {} : { metadata }) };
}

function mimeOf(name: string): string {
  return /\.png$/i.test(name) ? 'image/png' : /\.svg$/i.test(name) ? 'image/svg+xml' : 'application/octet-stream';
}

function readableChannel(state: SlackState, args: Args): LocalChannel | Reply {
  const channel = state.channel(text(args, 'channel') ?? '', { byName: false });
  if (!channel) return fail('channel_not_found');
  if (!channel.member) return fail('not_in_channel');
  return channel;
}

/** A page of `items` from the cursor (`starts(item, cursorKey)` finds where it points), `limit` long. */
function paginate(items: LocalMessage[], args: Args, limit: number, starts: (m: LocalMessage, from: bigint) => boolean): { items: LocalMessage[]; nextCursor: string } | Reply {
  let from = 0;
  const cursor = text(args, 'cursor');
  if (cursor) {
    const ts = decodeCursor(cursor, 'next_ts');
    if (ts === undefined || !/^\d+(\.\d+)?$/.test(ts)) return fail('invalid_cursor');
    from = items.findIndex((m) => starts(m, tsKey(ts)));
    if (from < 0) from = items.length;
  }
  const page = items.slice(from, from + limit);
  const next = items[from + limit];
  return { items: page, nextCursor: next ? encodeCursor('next_ts', next.ts) : '' };
}
