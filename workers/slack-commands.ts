/**
 * The answers to `/swaybot …`: parse the text, check who the Slack user is in
 * swaybot (everything but `help` needs a mapped user), act through the client
 * library, and say what happened. Never throws: every outcome is a reply.
 */
import { acknowledgeIncident, noteIncident, resolveIncident } from '../client/incident-actions.js';
import { escapeMrkdwn } from '../chat/slack-text.js';
import { parseSlackCommand, USAGE_LINES, type SlackCommand } from './slack-command.js';
import { failureReply, swaybotUser, UNMAPPED_TEXT, type SlackContext } from './slack-context.js';
import { code, type SlackReply } from './slack-reply.js';
import { startRunbookFromSlack } from './slack-runbook.js';
import { incidentListReply, statusReply } from './slack-status.js';

/** The answer to `/swaybot <text>` typed by Slack user `slackUserId`. */
export async function answerCommand(ctx: SlackContext, slackUserId: string, text: string): Promise<SlackReply> {
  ctx.counters.commands++;
  const parsed = parseSlackCommand(text);
  if (!parsed.ok) {
    ctx.counters.badInput++;
    return { text: `:grey_question: ${parsed.error}` };
  }
  const { command } = parsed;
  if (command.kind === 'help') return helpReply(swaybotUser(ctx.config, slackUserId));
  const by = swaybotUser(ctx.config, slackUserId);
  if (by === undefined) {
    ctx.counters.unmapped++;
    ctx.log.warn({ slackUser: slackUserId, command: command.kind }, 'slack: command from a Slack user not in slack.users');
    return { text: UNMAPPED_TEXT };
  }
  try {
    return await perform(ctx, command, by);
  } catch (err) {
    return failureReply(ctx, err, WHAT[command.kind], 'id' in command ? command.id : undefined);
  }
}

const WHAT: Record<SlackCommand['kind'], string> = {
  help: 'help',
  'incident-list': 'list incidents',
  'incident-ack': 'acknowledge the incident',
  'incident-resolve': 'resolve the incident',
  'incident-note': 'add the note',
  run: 'start the runbook',
  status: 'read the status',
};

async function perform(ctx: SlackContext, command: Exclude<SlackCommand, { kind: 'help' }>, by: string): Promise<SlackReply> {
  const { client } = ctx;
  switch (command.kind) {
    case 'incident-list':
      return incidentListReply(ctx, command.all);
    case 'incident-ack':
      await acknowledgeIncident(client, command.id, by);
      return { text: `:eyes: You acknowledged ${code(command.id)} (as ${code(by)}).` };
    case 'incident-resolve':
      await resolveIncident(client, command.id, by, command.reason);
      return { text: `:white_check_mark: You resolved ${code(command.id)} (as ${code(by)})${command.reason ? `: ${escapeMrkdwn(command.reason)}` : ''}.` };
    case 'incident-note':
      await noteIncident(client, command.id, by, command.text);
      return { text: `:memo: Note added to ${code(command.id)}.` };
    case 'run': {
      const started = await startRunbookFromSlack(client, ctx.config, ctx.taskQueue, command, { by, ...(ctx.signer ? { signer: ctx.signer } : {}) });
      if (!started.ok) {
        ctx.counters.badInput++;
        return { text: `:grey_question: ${started.error}` };
      }
      ctx.log.info({ workflowId: started.workflowId, runbook: started.plan.id, by }, 'slack: runbook run started');
      return { text: `:arrow_forward: Started *${escapeMrkdwn(started.plan.title)}* as ${code(started.workflowId)}. \`/swaybot status ${escapeMrkdwn(started.workflowId)}\` follows it.` };
    }
    case 'status':
      return statusReply(ctx, command.id);
  }
}

function helpReply(by: string | undefined): SlackReply {
  const who = by === undefined ? `\n\n${UNMAPPED_TEXT}` : `\n\nYou act as ${code(by)}.`;
  return { text: `*swaybot* — incidents and runbooks from Slack\n${USAGE_LINES.join('\n')}${who}` };
}
