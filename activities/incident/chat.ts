/**
 * Chat activities: the incident's status message (posted once, by its key, then
 * updated in place) and its thread of timeline entries, through whichever
 * notifier the worker was given (Slack, or the console). Messages are composed
 * here (chat/blocks.ts) so workflow history holds the status, not Block Kit.
 *
 * A `ChatError` becomes an ApplicationFailure Temporal's retry policy
 * understands: rate limits retry after Slack's Retry-After; errors retrying
 * cannot fix (`channel_not_found`, `invalid_auth`) fail for good.
 */
import { ApplicationFailure } from '@temporalio/common';
import { incidentMessage, slackMentions, timelineText } from '../../chat/blocks.js';
import { ChatError, type Notifier } from '../../chat/notifier.js';
import type { ChatRef, IncidentStatus, TimelineEntry } from '../../incidents/types.js';

/** The failure type of a chat error: `ChatError.<slack error code>`. */
export const chatFailureType = (code: string): string => `ChatError.${code}`;

export interface StatusMessageInput {
  /** The incident's status; its timeline is not needed (the thread carries it). */
  status: IncidentStatus;
  channel: string;
}

export interface ThreadInput {
  incidentId: string;
  ref: ChatRef;
  /** Entries with their index in the incident's timeline (the message key). */
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
    /** Posts the status message the first time (`status.chat` unset), updates it after; returns where it is. */
    async chatStatus(input: StatusMessageInput): Promise<ChatRef> {
      const { text, blocks } = incidentMessage(input.status, { mentions: slackMentions(input.status.paged, users) });
      return guard(async () => {
        if (input.status.chat) {
          await notifier.update({ ref: input.status.chat, text, blocks });
          return input.status.chat;
        }
        return notifier.post({ key: `${input.status.id}/status`, channel: input.channel, text, blocks });
      });
    },
    /** Replies in the incident's thread, one message per entry, each once. */
    async chatThread(input: ThreadInput): Promise<void> {
      await guard(async () => {
        for (const { index, entry } of input.entries) {
          // The entry names the people; Slack users among them are also @-mentioned, so they are notified.
          const mentions = slackMentions(entry.mention ?? [], users).filter((m) => m.startsWith('<@'));
          const who = mentions.length > 0 ? ` ${mentions.join(' ')}` : '';
          await notifier.post({ key: `${input.incidentId}/timeline/${index}`, channel: input.ref.channel, threadTs: input.ref.ts, text: `${timelineText(entry)}${who}` });
        }
      });
    },
    /** One reply in the thread (the postmortem), once per key. */
    async chatThreadText(input: ThreadTextInput): Promise<void> {
      await guard(() => notifier.post({ key: input.key, channel: input.ref.channel, threadTs: input.ref.ts, text: input.text }));
    },
  };
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
