/**
 * What the local Slack holds: its workspace (team, bot identity, channels,
 * users), the messages posted to it, ephemeral messages, response_url replies
 * and every Web API call. Message `ts` values are Slack's `<seconds>.<6 digits>`,
 * unique and increasing.
 */

export interface LocalChannel {
  /** Channel id, e.g. `C-INCIDENTS`. */
  id: string;
  /** Name without `#`, e.g. `incidents`. */
  name: string;
  /** Whether the bot is in it (posting and reading history need it: else `not_in_channel`). */
  member: boolean;
  isPrivate: boolean;
  created: number;
}

export interface LocalUser {
  id: string;
  /** Handle, e.g. `alice`. */
  name: string;
  realName: string;
}

/** Message metadata as Slack stores it. */
export interface LocalMetadata {
  event_type: string;
  event_payload: Record<string, unknown>;
}

export interface LocalMessage {
  /** Channel id. */
  channel: string;
  ts: string;
  /** The parent's ts, for thread replies. */
  threadTs?: string;
  text: string;
  blocks?: unknown[];
  metadata?: LocalMetadata;
  /** Ids of files shared with the message (`files.completeUploadExternal` with a channel). */
  files?: string[];
  /** Author: the bot user for Web API posts. */
  user: string;
  /** When it was last edited by `chat.update` or a `replace_original` response. */
  edited?: { user: string; ts: string };
  /** How many times it was updated. */
  updates: number;
  postedAt: Date;
  /** Removed by a `delete_original` response. */
  deleted: boolean;
}

/** A file uploaded in Slack's three steps: upload URL, bytes, complete. */
export interface LocalFile {
  id: string;
  name: string;
  /** Bytes announced by `files.getUploadURLExternal`. */
  length: number;
  title?: string;
  /** The bytes posted to the upload URL. */
  data?: Buffer;
  /** True once `files.completeUploadExternal` named it. */
  completed: boolean;
}

export interface LocalEphemeral {
  channel: string;
  /** Who sees it. */
  user: string;
  ts: string;
  threadTs?: string;
  text: string;
  blocks?: unknown[];
  /** `chat.postEphemeral`, or a reply to a response_url. */
  via: 'chat.postEphemeral' | 'response_url';
  at: Date;
}

export interface RecordedCall {
  method: string;
  /** Arguments as sent (form values are strings; `blocks`/`metadata` JSON parsed); the token removed. */
  args: Record<string, unknown>;
  at: Date;
  /** HTTP status answered (0: the response was lost on purpose). */
  status: number;
  ok: boolean;
  error?: string;
  /** The injected fault that answered it. */
  fault?: string;
}

/** Where an interaction came from, for what its response_url replies act on. */
export interface InteractionOrigin {
  kind: 'command' | 'button';
  channel: string;
  userId: string;
  /** The message a button was clicked on. */
  messageTs?: string;
}

export interface RecordedResponse {
  /** The response_url it was posted to. */
  url: string;
  body: unknown;
  at: Date;
  origin: InteractionOrigin;
  /** What Slack did with it. */
  action: 'ephemeral' | 'in_channel' | 'replace' | 'delete' | 'refused';
  /** Its text, for reading "why refused" in tests. */
  text: string;
}

export interface Identity {
  teamId: string;
  teamDomain: string;
  appId: string;
  botId: string;
  botUserId: string;
  botName: string;
}

export const DEFAULT_IDENTITY: Identity = {
  teamId: 'T-LOCAL',
  teamDomain: 'swaybot-local',
  appId: 'A-SWAYBOT',
  botId: 'B-SWAYBOT',
  botUserId: 'U-SWAYBOT',
  botName: 'swaybot',
};

/** The local Slack's data; the Web API handlers change it, the recorder reads it. */
export class SlackState {
  readonly channels: LocalChannel[];
  readonly users: LocalUser[];
  readonly messages: LocalMessage[] = [];
  readonly ephemerals: LocalEphemeral[] = [];
  readonly calls: RecordedCall[] = [];
  readonly responses: RecordedResponse[] = [];
  /** Uploaded files by id. */
  readonly files = new Map<string, LocalFile>();
  /** Base of the upload URLs (`http://127.0.0.1:<port>`), set once the server listens. */
  baseUrl = '';
  #lastMicros = 0;
  #nextFile = 1;
  // Indexes over `messages` (only `post` adds to it), so lookups stay cheap when a bench
  // fills a channel with thousands of messages: by channel and ts, top level by channel,
  // replies by channel and parent.
  readonly #byTs = new Map<string, LocalMessage>();
  readonly #topLevel = new Map<string, LocalMessage[]>();
  readonly #replies = new Map<string, LocalMessage[]>();

  constructor(
    readonly identity: Identity,
    channels: LocalChannel[],
    users: LocalUser[],
  ) {
    this.channels = channels;
    this.users = users;
  }

  /** A channel by id; with `byName`, also by `name` or `#name` (as chat.postMessage allows). */
  channel(ref: string, opts: { byName: boolean }): LocalChannel | undefined {
    const byId = this.channels.find((c) => c.id === ref);
    if (byId || !opts.byName) return byId;
    const name = ref.startsWith('#') ? ref.slice(1) : ref;
    return this.channels.find((c) => c.name === name);
  }

  user(id: string): LocalUser | undefined {
    return this.users.find((u) => u.id === id);
  }

  /** A message (not deleted) of a channel by ts. */
  message(channel: string, ts: string): LocalMessage | undefined {
    const found = this.#byTs.get(key(channel, ts));
    return found && !found.deleted ? found : undefined;
  }

  /** Top-level messages of a channel, oldest first. */
  topLevel(channel: string): LocalMessage[] {
    return (this.#topLevel.get(channel) ?? []).filter((m) => !m.deleted);
  }

  /** A parent's replies (not deleted), oldest first. */
  replies(channel: string, parentTs: string): LocalMessage[] {
    return (this.#replies.get(key(channel, parentTs)) ?? []).filter((m) => !m.deleted);
  }

  /** A thread: its parent, then its replies, oldest first. */
  thread(channel: string, parentTs: string): LocalMessage[] {
    const parent = this.message(channel, parentTs);
    return parent ? [parent, ...this.replies(channel, parentTs)] : this.replies(channel, parentTs);
  }

  /** Slack-style `<seconds>.<6 digits>`, strictly increasing. */
  nextTs(): string {
    const micros = Math.max(Date.now() * 1000, this.#lastMicros + 1);
    this.#lastMicros = micros;
    return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
  }

  /** Registers a file about to be uploaded; its upload URL is `<baseUrl>/upload/<id>`. */
  newFile(name: string, length: number): LocalFile {
    const file: LocalFile = { id: `F-LOCAL${String(this.#nextFile++).padStart(6, '0')}`, name, length, completed: false };
    this.files.set(file.id, file);
    return file;
  }

  /** Adds a message by the bot. */
  post(message: Omit<LocalMessage, 'ts' | 'user' | 'updates' | 'postedAt' | 'deleted'>): LocalMessage {
    const posted: LocalMessage = { ...message, ts: this.nextTs(), user: this.identity.botUserId, updates: 0, postedAt: new Date(), deleted: false };
    this.messages.push(posted);
    this.#byTs.set(key(posted.channel, posted.ts), posted);
    const list = posted.threadTs === undefined ? this.#topLevel : this.#replies;
    const at = posted.threadTs === undefined ? posted.channel : key(posted.channel, posted.threadTs);
    const into = list.get(at);
    if (into) into.push(posted);
    else list.set(at, [posted]);
    return posted;
  }

  /** Replaces a message's content (metadata stays unless given). */
  edit(message: LocalMessage, change: { text: string; blocks?: unknown[]; metadata?: LocalMetadata }): void {
    message.text = change.text;
    if (change.blocks !== undefined) message.blocks = change.blocks;
    if (change.metadata !== undefined) message.metadata = change.metadata;
    message.edited = { user: this.identity.botUserId, ts: this.nextTs() };
    message.updates += 1;
  }
}

const key = (channel: string, ts: string) => `${channel}\u0000${ts}`;
