/**
 * What the Slack app answers a person with: mrkdwn text (and optional blocks),
 * always ephemeral (only the person who typed or clicked sees it), with the
 * helpers that quote user-supplied text safely inside it.
 */
import type { Block } from '../chat/notifier.js';
import { escapeMrkdwn, SLACK_LIMITS, truncate } from '../chat/slack-text.js';

export interface SlackReply {
  text: string;
  blocks?: Block[];
}

/** The body of an ephemeral answer (slash command ack or `response_url` post); never replaces the clicked message. */
export function ephemeral(reply: SlackReply): { response_type: 'ephemeral'; replace_original: false; text: string; blocks?: Block[] } {
  return {
    response_type: 'ephemeral',
    replace_original: false,
    text: truncate(reply.text, SLACK_LIMITS.messageText),
    ...(reply.blocks ? { blocks: reply.blocks } : {}),
  };
}

/** `text` as an inline code span: escaped, never a mention or link, backticks replaced, cut to `max`. */
export function code(text: string, max = 120): string {
  return `\`${escapeMrkdwn(truncate(text.replace(/`/g, "'"), max))}\``;
}
