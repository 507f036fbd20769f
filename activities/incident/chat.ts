/**
 * Chat activities: the incident's status message (posted once, by its key, then
 * updated in place) and its thread of timeline entries, both in one `chatSync`, through whichever
 * notifier the worker was given (Slack, or the console). Messages are composed
 * here (chat/blocks.ts) so workflow history holds the status, not Block Kit.
 *
 * A `ChatError` becomes an ApplicationFailure Temporal's retry policy
 * understands: rate limits retry after Slack's Retry-After; errors retrying
 * cannot fix (`channel_not_found`, `invalid_auth`) fail for good.
 */
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { incidentMessage, slackMentions, timelineText } from '../../chat/blocks.js';
import { ChatError, type Notifier } from '../../chat/notifier.js';
import type { ChatRef, IncidentStatus, TimelineEntry } from '../../incidents/types.js';

/** The failure type of a chat error: `ChatError.<slack error code>`. */
export const chatFailureType = (code: string): string => `ChatError.${code}`;

export interface SyncInput {
  /** The incident's status; its timeline is not needed (the thread carries it). */
  status: IncidentStatus;
  channel: string;
  /** New thread entries with their index in the incident's timeline (the message key). */
  entries: { index: number; entry: TimelineEntry }[];
}

export interface ThreadTextInput {
  ref: ChatRef;
  key: string;
  text: string;
}

/** `users`: Slack user id → swaybot user id (config `slack.users`), read backwards for mentions. */
export function createChatActivities(notifier: Notifier, users: Record<string, string>) {
  return {
    /**
     * Brings Slack up to date in one call: posts the status message the first time
     * (`status.chat` unset) or updates it, then replies in its thread, one message per new
     * entry, each once. Returns where the status message is.
     */
    async chatSync(input: SyncInput): Promise<ChatRef> {
      const mayExist = retried();
      const { text, blocks } = incidentMessage(input.status, { mentions: slackMentions(input.status.paged, users) });
      return guard(async () => {
        let ref = input.status.chat;
        if (ref) await notifier.update({ ref, text, blocks });
        else ref = await notifier.post({ key: `${input.status.id}/status`, channel: input.channel, text, blocks, mayExist });
        for (const { index, entry } of input.entries) {
          // The entry names the people; Slack users among them are also @-mentioned, so they are notified.
          const mentions = slackMentions(entry.mention ?? [], users).filter((m) => m.startsWith('<@'));
          const who = mentions.length > 0 ? ` ${mentions.join(' ')}` : '';
          const image = entry.attachment ? { image: entry.attachment } : {};
          await notifier.post({ key: `${input.status.id}/timeline/${index}`, channel: ref.channel, threadTs: ref.ts, text: `${timelineText(entry)}${who}`, mayExist, ...image });
        }
        return ref;
      });
    },
    /** One reply in the thread (the postmortem), once per key. */
    async chatThreadText(input: ThreadTextInput): Promise<void> {
      await guard(() => notifier.post({ key: input.key, channel: input.ref.channel, threadTs: input.ref.ts, text: input.text, mayExist: retried() }));
    },
  };
}

/**
 * Whether this is a retry, so an earlier attempt may have posted already. Each post is
 * scheduled by exactly one activity (the workflow keeps the status message's ref and how
 * far the thread got), so only its own earlier attempts can have sent it. Outside an
 * activity (a direct call) nothing is known: look.
 */
function retried(): boolean {
  try {
    return Context.current().info.attempt > 1;
  } catch {
    return true;
  }
}

async function guard<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (!(err instanceof ChatError)) throw err;
    throw ApplicationFailure.create({
      message: err.message,
      type: chatFailureType(err.code),
      nonRetryable: !err.retryable,
      ...(err.retryAfterMs !== undefined ? { nextRetryDelay: err.retryAfterMs } : {}),
    });
  }
}
