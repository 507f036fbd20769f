/**
 * What tests read from the local Slack: every Web API call, the messages of a
 * channel (top-level and thread replies, with ts, thread_ts and metadata),
 * ephemeral messages and response_url replies, and `waitFor` to poll for a
 * condition with a deadline instead of sleeping.
 */
import type { LocalEphemeral, LocalFile, LocalMessage, RecordedCall, RecordedResponse, SlackState } from './state.js';

export interface MessageQuery {
  /** Only this thread's replies (the parent's ts). */
  thread?: string;
  /** Only top-level messages. */
  topLevel?: boolean;
}

export class Recorder {
  readonly #state: SlackState;

  constructor(state: SlackState) {
    this.#state = state;
  }

  /** Web API calls in the order they came, all or one method's. */
  calls(method?: string): RecordedCall[] {
    return this.#state.calls.filter((c) => method === undefined || c.method === method);
  }

  /**
   * Messages of a channel (id, name or `#name`) in the order posted, deleted ones left out.
   * Throws for a channel the local Slack does not have: a typo in a test, not an empty channel.
   */
  messages(channel: string, query: MessageQuery = {}): LocalMessage[] {
    const id = this.#channelId(channel);
    return this.#state.messages.filter(
      (m) => m.channel === id && !m.deleted && (query.thread === undefined || m.threadTs === query.thread) && (!query.topLevel || m.threadTs === undefined),
    );
  }

  /** The message a ref points at, if it exists. */
  message(channel: string, ts: string): LocalMessage | undefined {
    return this.#state.message(this.#channelId(channel), ts);
  }

  /** A file uploaded (and completed, or not) by id. */
  file(id: string): LocalFile | undefined {
    return this.#state.files.get(id);
  }

  /** Ephemeral messages (chat.postEphemeral and response_url replies), all or one channel's. */
  ephemerals(channel?: string): LocalEphemeral[] {
    const id = channel === undefined ? undefined : this.#channelId(channel);
    return this.#state.ephemerals.filter((e) => id === undefined || e.channel === id);
  }

  /** What the app posted to response_urls, all or one URL's. */
  responses(url?: string): RecordedResponse[] {
    return this.#state.responses.filter((r) => url === undefined || r.url === url);
  }

  /**
   * Polls `predicate` until it returns something truthy, and returns that; throws after
   * `timeoutMs` naming `what` (default: "condition").
   */
  async waitFor<T>(predicate: () => T | undefined | null | false, timeoutMs = 5000, what = 'condition'): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = predicate();
      if (value) return value;
      if (Date.now() >= deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what} on the local Slack`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  #channelId(channel: string): string {
    const found = this.#state.channel(channel, { byName: true });
    if (!found) throw new Error(`Cannot read channel \`${channel}\`: the local Slack has ${this.#state.channels.map((c) => `${c.id} (#${c.name})`).join(', ')}`);
    return found.id;
  }
}
