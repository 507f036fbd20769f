/**
 * The answers to a capacity plan message's buttons (chat/capacity-blocks.ts): who clicked (config
 * `slack.users`), which plan the button names, then the `decidePlan` Update. The workflow's
 * validator decides whether that person may; its refusal is shown to the clicker. Never throws.
 */
import { CAPACITY_ACTIONS, parsePlanValue, type CapacityActionName } from '../chat/capacity-blocks.js';
import { CapacityRefusedError, decideCapacityPlan } from '../client/capacity.js';
import { escapeMrkdwn } from '../chat/slack-text.js';
import { failureReply, swaybotUser, UNMAPPED_TEXT, type SlackContext } from './slack-context.js';
import { code, type SlackReply } from './slack-reply.js';

export const CAPACITY_CLICKS = Object.entries(CAPACITY_ACTIONS) as [CapacityActionName, (typeof CAPACITY_ACTIONS)[CapacityActionName]][];

export async function answerCapacityClick(ctx: SlackContext, click: { action: CapacityActionName; slackUserId: string; value: string }): Promise<SlackReply> {
  ctx.counters.clicks++;
  const by = swaybotUser(ctx.config, click.slackUserId);
  if (by === undefined) {
    ctx.counters.unmapped++;
    ctx.log.warn({ slackUser: click.slackUserId, action: click.action }, 'slack: capacity click from a Slack user not in slack.users');
    return { text: UNMAPPED_TEXT };
  }
  const parsed = parsePlanValue(click.value);
  if (!parsed.ok) {
    ctx.counters.badInput++;
    return { text: `:grey_question: This button's value is not one swaybot sent: ${parsed.error}` };
  }
  try {
    await decideCapacityPlan(ctx.client, parsed.plan, click.action, by);
    return { text: `${click.action === 'approve' ? ':+1: You approved' : ':no_entry_sign: You rejected'} the capacity plan ${code(parsed.plan)} (as ${code(by)}).` };
  } catch (err) {
    if (err instanceof CapacityRefusedError) {
      ctx.counters.refusedByWorkflow++;
      return { text: `:no_entry: swaybot refused: ${escapeMrkdwn(err.message)}` };
    }
    return failureReply(ctx, err, `${click.action} the capacity plan`, parsed.plan);
  }
}
