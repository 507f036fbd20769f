/**
 * A hand-written stand-in for Slack (the one fake the house rules allow): it keeps
 * every message and update the incident activities send, posts each key once (as
 * the real notifiers do), and answers channels listed in `gone` with Slack's
 * `channel_not_found`, a `ChatError` retrying cannot fix.
 */
import { ChatError, type ChatMessage, type ChatUpdate, type Notifier } from '../../chat/notifier.js';
import type { ChatRef } from '../../incidents/types.js';

export interface RecordedMessage extends ChatMessage {
  ts: string;
}

export class RecordingNotifier implements Notifier {
  /** Messages posted, each key once, in order. */
  readonly messages: RecordedMessage[] = [];
  /** Updates, in order. */
  readonly updates: ChatUpdate[] = [];
  /** Channels that do not exist: posting there fails for good. */
  readonly gone = new Set<string>();
  #ts = 0;

  post(message: ChatMessage): Promise<ChatRef> {
    if (this.gone.has(message.channel)) return Promise.reject(new ChatError(`channel ${message.channel} not found`, 'channel_not_found', false));
    const seen = this.messages.find((m) => m.key === message.key);
    if (seen) return Promise.resolve({ channel: seen.channel, ts: seen.ts });
    const ts = `1700000000.${String(++this.#ts).padStart(6, '0')}`;
    this.messages.push({ ...message, ts });
    return Promise.resolve({ channel: message.channel, ts });
  }

  update(update: ChatUpdate): Promise<void> {
    if (this.gone.has(update.ref.channel)) return Promise.reject(new ChatError(`channel ${update.ref.channel} not found`, 'channel_not_found', false));
    this.updates.push(update);
    return Promise.resolve();
  }

  /** The text the message posted under `key` shows now: its last update, else its post. */
  latestTextOf(key: string): string | undefined {
    const posted = this.messages.find((m) => m.key === key);
    if (!posted) return undefined;
    return this.updates.filter((u) => u.ref.ts === posted.ts).at(-1)?.text ?? posted.text;
  }

  /** The incident's top-level messages (its status message; a thread reply has `threadTs`). */
  statusMessages(incidentId: string): RecordedMessage[] {
    return this.messages.filter((m) => m.threadTs === undefined && m.key.startsWith(`${incidentId}/`));
  }

  /** Replies in the thread of the message at `ts`. */
  thread(ts: string): RecordedMessage[] {
    return this.messages.filter((m) => m.threadTs === ts);
  }

  /** Updates of the message at `ts`. */
  updatesOf(ts: string): ChatUpdate[] {
    return this.updates.filter((u) => u.ref.ts === ts);
  }
}
