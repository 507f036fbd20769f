/**
 * The answers to the incident message's buttons (chat/blocks.ts): who clicked
 * (config `slack.users`), which incident and step the button's value names,
 * then the matching Update through the client library. The clicker alone is
 * told what happened; the message itself is left to the incident workflow,
 * which rewrites it after every change it makes (one writer, so an older
 * status never overwrites a newer one). Never throws.
 */
import { ACTIONS, parseActionValue, type IncidentActionName } from '../chat/actions.js';
import {
  acknowledgeIncident,
  decideIncidentStep,
  escalateIncident,
  resolveIncident,
} from '../client/incident-actions.js';
import { decisionMessage, makeClaim } from '../approvals/identity.js';
import { failureReply, swaybotUser, UNMAPPED_TEXT, type SlackContext } from './slack-context.js';
import { code, type SlackReply } from './slack-reply.js';

export interface Click {
  /** Which button: one of `ACTIONS`. */
  action: IncidentActionName;
  slackUserId: string;
  /** The button's `value`, as Slack sent it back. */
  value: string;
}

/** Button `action_id` → what it does, for registering one handler per button. */
export const CLICK_ACTIONS = Object.entries(ACTIONS) as [IncidentActionName, (typeof ACTIONS)[IncidentActionName]][];

const WHAT: Record<IncidentActionName, string> = {
  acknowledge: 'acknowledge the incident',
  escalate: 'escalate the incident',
  resolve: 'resolve the incident',
  approve: 'approve the step',
  reject: 'reject the step',
};

/** The answer to a click, for the clicker only. */
export async function answerClick(ctx: SlackContext, click: Click): Promise<SlackReply> {
  ctx.counters.clicks++;
  const by = swaybotUser(ctx.config, click.slackUserId);
  if (by === undefined) {
    ctx.counters.unmapped++;
    ctx.log.warn({ slackUser: click.slackUserId, action: click.action }, 'slack: click from a Slack user not in slack.users');
    return { text: UNMAPPED_TEXT };
  }
  const parsed = parseActionValue(click.value);
  if (!parsed.ok) {
    ctx.counters.badInput++;
    return { text: `:grey_question: This button's value is not one swaybot sent: ${parsed.error}` };
  }
  const { incident, step } = parsed.value;
  try {
    switch (click.action) {
      case 'acknowledge':
        await acknowledgeIncident(ctx.client, incident, by);
        return { text: `:eyes: You acknowledged ${code(incident)} (as ${code(by)}).` };
      case 'escalate':
        await escalateIncident(ctx.client, incident, by);
        return { text: `:rotating_light: You escalated ${code(incident)} to the next tier (as ${code(by)}).` };
      case 'resolve':
        await resolveIncident(ctx.client, incident, by);
        return { text: `:white_check_mark: You resolved ${code(incident)} (as ${code(by)}).` };
      case 'approve':
      case 'reject': {
        if (step === undefined) {
          ctx.counters.badInput++;
          return { text: `:grey_question: This ${click.action} button names no runbook step; swaybot's buttons always do.` };
        }
        // Slack vouched for who clicked; the app signs that, bound to the incident (forwarded to its run).
        const decision = click.action;
        const proof = await makeClaim(by, (at) => decisionMessage({ workflowId: incident, step, decision, by, at }), ctx.signer);
        await decideIncidentStep(ctx.client, incident, step, decision, by, undefined, proof);
        return { text: `${click.action === 'approve' ? ':+1:' : ':no_entry_sign:'} You ${click.action === 'approve' ? 'approved' : 'rejected'} step ${code(step)} of ${code(incident)} (as ${code(by)}).` };
      }
    }
  } catch (err) {
    return failureReply(ctx, err, WHAT[click.action], incident);
  }
}
