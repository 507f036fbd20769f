/**
 * What the Slack app's command and click handlers share: the Temporal client
 * and config they act with, who a Slack user is in swaybot (config
 * `slack.users`), and how a failure becomes an answer: a refusal says why, an
 * unknown id says so, anything else is counted, logged and answered briefly.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { IncidentRefusedError } from '../client/incident-actions.js';
import { UpdateRejectedError } from '../client/runbooks.js';
import { escapeMrkdwn } from '../chat/slack-text.js';
import type { Signer } from '../approvals/identity.js';
import type { Config } from '../config/schema.js';
import type { SlackAppCounters } from './slack-counters.js';
import type { SlackLog } from './slack-log.js';
import { code, type SlackReply } from './slack-reply.js';

export interface SlackContext {
  client: Client;
  config: Config;
  /** Where runbook runs started from Slack go (the ops worker's task queue). */
  taskQueue: string;
  counters: SlackAppCounters;
  log: SlackLog;
  /**
   * Signs the decisions and starts of the people Slack authenticated, so runs see them as
   * identity `slack` (approvals/service-key.ts); undefined without the app's secret.
   */
  signer?: Signer;
}

/** The answer for a Slack user `slack.users` does not map. */
export const UNMAPPED_TEXT = 'Your Slack account is not mapped to a swaybot user; ask an admin to add it to `slack.users` in the swaybot config.';

/** The swaybot user id of Slack user `slackId`, or undefined when config `slack.users` has none. */
export function swaybotUser(config: Config, slackId: string): string | undefined {
  const users = config.slack.users;
  return Object.hasOwn(users, slackId) ? users[slackId] : undefined;
}

/**
 * The answer to an action that threw: the workflow's refusal (why, in its words), no such
 * incident or run, or, for anything unexpected, a short apology (the details go to the log).
 */
export function failureReply(ctx: SlackContext, err: unknown, what: string, id?: string): SlackReply {
  if (err instanceof IncidentRefusedError || err instanceof UpdateRejectedError) {
    ctx.counters.refusedByWorkflow++;
    return { text: `:no_entry: swaybot refused: ${escapeMrkdwn(err.message)}` };
  }
  if (err instanceof WorkflowNotFoundError) {
    ctx.counters.badInput++;
    return { text: `:mag: No incident or runbook run with id ${code(id ?? err.workflowId ?? '?')}; \`/swaybot incident list\` shows the open incidents.` };
  }
  ctx.counters.failed++;
  ctx.log.error({ what, ...(id !== undefined ? { id } : {}), err: err instanceof Error ? `${err.name}: ${err.message}` : String(err) }, `slack: ${what} failed`);
  return { text: `:warning: swaybot could not ${what} just now (${escapeMrkdwn(err instanceof Error ? err.name : 'error')}); the details are in its log. Try again, or use the CLI.` };
}
