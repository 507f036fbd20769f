/**
 * What the incident workflow asks of a chat: post a message (once, even when
 * retried), update it in place, reply in its thread. Implemented by the Slack
 * notifier (`@slack/web-api`) and the console notifier (the embedded default).
 */
import type { ChatRef } from '../incidents/types.js';

/** A Block Kit block, as Slack's Web API takes it (kept loose: built by chat/blocks.ts). */
export type Block = Record<string, unknown>;

export interface ChatMessage {
  /**
   * Idempotency key, unique per message the workflow means to send (e.g.
   * `<incident id>/status`, `<incident id>/timeline/12`). A retried post with the same key
   * returns the message already posted instead of posting again.
   */
  key: string;
  channel: string;
  /** Reply in this thread (the `ts` of the parent message). */
  threadTs?: string;
  /** Plain-text fallback, also what notifications show. */
  text: string;
  blocks?: Block[];
  /**
   * Whether an earlier try of this same post may have sent it (default true). The first
   * attempt of an activity says false: nothing with its key can exist yet, so the Slack
   * notifier skips the look-up (a `conversations.history` page per new incident is the
   * costliest call it makes). Retries say true and look.
   */
  mayExist?: boolean;
  /**
   * A picture to show with the message (an anomaly's plot): a PNG file on this worker. Slack
   * gets it uploaded and shown in an image block; the console prints its path.
   */
  image?: { path: string; title: string };
}

export interface ChatUpdate {
  ref: ChatRef;
  text: string;
  blocks?: Block[];
}

/**
 * Why a chat call failed: `retryable` ones (rate limits, 5xx, network) are retried by
 * Temporal's retry policy, after `retryAfterMs` when Slack said how long to wait; the
 * others (`channel_not_found`, `invalid_auth`, …) cannot be fixed by retrying.
 */
export class ChatError extends Error {
  override name = 'ChatError';
  constructor(
    message: string,
    readonly code: string,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

export interface Notifier {
  /** Posts `message` unless a message with its key was already posted; returns where it is. */
  post(message: ChatMessage): Promise<ChatRef>;
  update(update: ChatUpdate): Promise<void>;
}
