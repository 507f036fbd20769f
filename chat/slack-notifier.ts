/**
 * The Slack notifier: posts and updates incident messages through Slack's Web
 * API (`@slack/web-api`). A post is idempotent: each message carries its key in
 * message metadata, and a post that may have been sent before (a retry) first
 * looks for a recent message with that key, so a post retried after a lost
 * response returns the message that already exists instead of posting it twice. The SDK neither retries nor queues
 * (Temporal's retry policy does that); its errors become `ChatError`s.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { LogLevel, WebClient, type Logger } from '@slack/web-api';
import type { ChatRef } from '../incidents/types.js';
import { ChatError, type Block, type ChatMessage, type ChatUpdate, type Notifier } from './notifier.js';
import { toChatError } from './slack-errors.js';

/** `event_type` of the metadata every swaybot message carries. */
export const MESSAGE_EVENT_TYPE = 'swaybot_message';

export interface SlackNotifierOptions {
  /** Bot token (`xoxb-…`); never logged nor put in errors. */
  token: string;
  /** Web API base URL (default Slack's, `https://slack.com/api/`); the local Slack's in tests and the demo. */
  apiUrl?: string;
  /** How many of a channel's latest messages a post scans for its key (default 200). */
  scanLimit?: number;
  /** How many replies of a thread a reply's post scans for its key, oldest first (default 1000). */
  threadScanLimit?: number;
  /** Per-request timeout (default 10 s): a hung request fails as a retryable network error. */
  timeoutMs?: number;
  /** Where the SDK logs; by default only its errors, to the console. */
  logger?: Logger;
}

/** Slack's page size cap for history and replies is higher; 200 is what Slack recommends. */
const PAGE_SIZE = 200;

/** The Slack side of the incident workflow's chat activities. */
export class SlackNotifier implements Notifier {
  readonly #client: WebClient;
  readonly #token: string;
  readonly #scanLimit: number;
  readonly #threadScanLimit: number;
  /** `#name` → channel id, looked up once. */
  readonly #channelIds = new Map<string, string>();

  constructor(options: SlackNotifierOptions) {
    this.#token = options.token;
    this.#scanLimit = options.scanLimit ?? 200;
    this.#threadScanLimit = options.threadScanLimit ?? 1000;
    this.#client = new WebClient(options.token, {
      ...(options.apiUrl === undefined ? {} : { slackApiUrl: options.apiUrl }),
      ...(options.logger === undefined ? { logLevel: LogLevel.ERROR } : { logger: options.logger }),
      rejectRateLimitedCalls: true,
      retryConfig: { retries: 0 },
      timeout: options.timeoutMs ?? 10_000,
    });
  }

  /** Posts `message` unless a message with its key is among the channel's (or thread's) recent ones. */
  async post(message: ChatMessage): Promise<ChatRef> {
    const channel = await this.#channelId(message.channel);
    if (message.mayExist !== false) {
      const existing = message.threadTs === undefined ? await this.#findInChannel(channel, message.key) : await this.#findInThread(channel, message.threadTs, message.key);
      if (existing) return existing;
    }
    const blocks = message.image ? await this.#withImage(message) : message.blocks;
    const result = await this.#call('chat.postMessage', () =>
      this.#client.chat.postMessage({
        channel,
        text: message.text,
        ...(blocks === undefined ? {} : { blocks: slackBlocks(blocks) }),
        ...(message.threadTs === undefined ? {} : { thread_ts: message.threadTs }),
        metadata: { event_type: MESSAGE_EVENT_TYPE, event_payload: { key: message.key } },
      }),
    );
    if (typeof result.ts !== 'string') throw new ChatError('Slack chat.postMessage answered without a message ts', 'invalid_response', true);
    return { channel: result.channel ?? channel, ts: result.ts };
  }

  /**
   * The message's blocks plus an image block showing `message.image`, uploaded first without
   * sharing it anywhere (the message shows it). A retry after a lost post uploads again: the
   * earlier copy stays private and unused; the message itself is still posted once. A file
   * this worker cannot read is named in the text instead.
   */
  async #withImage(message: ChatMessage): Promise<Block[]> {
    const image = message.image!;
    const text: Block = { type: 'section', text: { type: 'mrkdwn', text: message.text.slice(0, 3000) } };
    const base = message.blocks ?? [text];
    let data: Buffer;
    try {
      data = await readFile(image.path);
    } catch {
      return [...base, { type: 'context', elements: [{ type: 'mrkdwn', text: `(${image.title}: not readable on this worker at \`${image.path}\`)`.slice(0, 2000) }] }];
    }
    const uploaded = await this.#call('files.uploadV2', () => this.#client.filesUploadV2({ file: data, filename: basename(image.path), title: image.title }));
    const id = (uploaded.files as { files?: { id?: string }[] }[] | undefined)?.[0]?.files?.[0]?.id;
    if (!id) throw new ChatError('Slack files.completeUploadExternal answered without a file id', 'invalid_response', true);
    return [...base, { type: 'image', slack_file: { id }, alt_text: image.title.slice(0, 2000), title: { type: 'plain_text', text: image.title.slice(0, 2000) } }];
  }

  /** Replaces the text and blocks of a posted message (its metadata stays). */
  async update(update: ChatUpdate): Promise<void> {
    const channel = await this.#channelId(update.ref.channel);
    await this.#call('chat.update', () =>
      this.#client.chat.update({
        channel,
        ts: update.ref.ts,
        text: update.text,
        ...(update.blocks === undefined ? {} : { blocks: slackBlocks(update.blocks) }),
      }),
    );
  }

  /** A recent top-level message of `channel` with `key`, newest first. */
  #findInChannel(channel: string, key: string): Promise<ChatRef | undefined> {
    return this.#scan(channel, key, this.#scanLimit, (limit, cursor) =>
      this.#call('conversations.history', () => this.#client.conversations.history({ channel, include_all_metadata: true, limit, ...(cursor ? { cursor } : {}) })),
    );
  }

  /** A reply with `key` in the thread of `threadTs`, oldest first (Slack pages threads only that way). */
  #findInThread(channel: string, threadTs: string, key: string): Promise<ChatRef | undefined> {
    return this.#scan(channel, key, this.#threadScanLimit, (limit, cursor) =>
      this.#call('conversations.replies', () => this.#client.conversations.replies({ channel, ts: threadTs, include_all_metadata: true, limit, ...(cursor ? { cursor } : {}) })),
    );
  }

  /** Pages by cursor until a message has `key` or `max` messages were looked at. */
  async #scan(channel: string, key: string, max: number, page: (limit: number, cursor: string | undefined) => Promise<MessagePage>): Promise<ChatRef | undefined> {
    let cursor: string | undefined;
    let scanned = 0;
    do {
      const { messages = [], response_metadata } = await page(Math.min(PAGE_SIZE, max - scanned), cursor);
      const found = messages.find((m) => hasKey(m, key));
      if (found?.ts) return { channel, ts: found.ts };
      if (messages.length === 0) break;
      scanned += messages.length;
      cursor = response_metadata?.next_cursor || undefined;
    } while (cursor && scanned < max);
    return undefined;
  }

  /**
   * A channel id for `channel`: `#name` is looked up once with `conversations.list`
   * (scopes `channels:read`, `groups:read` for private channels); anything else is taken as an id.
   */
  async #channelId(channel: string): Promise<string> {
    if (!channel.startsWith('#')) return channel;
    const known = this.#channelIds.get(channel);
    if (known) return known;
    const name = channel.slice(1);
    let cursor: string | undefined;
    do {
      const page = await this.#call('conversations.list', () =>
        this.#client.conversations.list({ types: 'public_channel,private_channel', exclude_archived: true, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) }),
      );
      const found = page.channels?.find((c) => c.name === name);
      if (found?.id) {
        this.#channelIds.set(channel, found.id);
        return found.id;
      }
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor);
    throw new ChatError(`Slack has no channel ${channel} that the bot can see (invite it, or configure the channel id)`, 'channel_not_found', false);
  }

  async #call<T>(method: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw toChatError(error, method, [this.#token]);
    }
  }
}

type PagedMessage = { ts?: string; metadata?: { event_type?: string; event_payload?: unknown } };
type MessagePage = { messages?: PagedMessage[]; response_metadata?: { next_cursor?: string } };

function hasKey(message: PagedMessage, key: string): boolean {
  const metadata = message.metadata;
  if (metadata?.event_type !== MESSAGE_EVENT_TYPE) return false;
  const payload = metadata.event_payload as { key?: unknown } | undefined;
  return payload?.key === key;
}

/** Our loose blocks as the SDK's block type (Block Kit JSON either way; chat/blocks.ts builds them). */
function slackBlocks(blocks: Block[]): { type: string }[] {
  return blocks as { type: string }[];
}
