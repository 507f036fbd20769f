/**
 * Block Kit for a capacity plan: what runs, what the plan sets now and at its peak, the forecast
 * model and version, and Approve / Reject buttons while it waits. The chart is uploaded with the
 * first post (the notifier's `image`). Buttons carry `{"plan": <workflow id>}`.
 */
import { z } from 'zod';
import type { CapacityStatus } from '../capacity/status.js';
import type { Block } from './notifier.js';
import { escapeMrkdwn, mrkdwn, plainText, SLACK_LIMITS } from './slack-text.js';

export const CAPACITY_ACTIONS = { approve: 'capacity.approve', reject: 'capacity.reject' } as const;
export type CapacityActionName = keyof typeof CAPACITY_ACTIONS;

const valueSchema = z.strictObject({ plan: z.string().min(1).max(255) });

export function encodePlanValue(workflowId: string): string {
  return JSON.stringify({ plan: workflowId });
}

export function parsePlanValue(value: string): { ok: true; plan: string } | { ok: false; error: string } {
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    return { ok: false, error: 'Unexpected button value, expected JSON like {"plan":"<workflow id>"}' };
  }
  const parsed = valueSchema.safeParse(json);
  return parsed.success ? { ok: true, plan: parsed.data.plan } : { ok: false, error: 'Unexpected button value, expected {"plan": string}' };
}

const STATE_TEXT: Record<CapacityStatus['state'], string> = {
  forecasting: ':hourglass: forecasting',
  'awaiting-approval': ':raised_hand: awaiting approval',
  applying: ':gear: applying',
  applied: ':white_check_mark: applied',
  unchanged: ':white_check_mark: no change needed',
  rejected: ':no_entry_sign: rejected',
  expired: ':alarm_clock: expired unanswered (nothing applied)',
  failed: ':x: failed (nothing applied)',
};

export function capacityMessage(status: CapacityStatus, workflowId: string): { text: string; blocks: Block[] } {
  const d = status.diff;
  const plan = status.plan;
  const head = `Capacity plan for ${status.service}: ${d ? `${d.current} → ${d.next} replicas` : 'no plan'} (${STATE_TEXT[status.state].replace(/^:[a-z_]+: /, '')})`;
  const lines: string[] = [`*Capacity plan for \`${escapeMrkdwn(status.service)}\`* — ${STATE_TEXT[status.state]}`];
  if (d && plan) {
    lines.push(`Now *${d.current}* → *${d.next}* replicas; peak *${plan.peak.replicas}* at ${new Date(plan.peak.t).toISOString().slice(0, 16).replace('T', ' ')} UTC (over ${plan.hours.length} h). ${escapeMrkdwn(d.reason)}.`);
  }
  if (status.forecast) lines.push(`Forecast: ${escapeMrkdwn(status.forecast.model)} (model ${escapeMrkdwn(status.forecast.modelVersion)}).`);
  if (status.history) lines.push(`History: ${status.history.hours} h from ${escapeMrkdwn(status.history.source)}${status.history.filled > 0 ? ` (${status.history.filled} missing hours interpolated)` : ''}.`);
  if (status.decision) lines.push(`${status.decision.decision === 'approve' ? 'Approved' : 'Rejected'} by *${escapeMrkdwn(status.decision.by)}*${status.decision.reason ? `: ${escapeMrkdwn(status.decision.reason)}` : ''}.`);
  if (status.applied) lines.push(...status.applied.changes.map((c) => `• ${escapeMrkdwn(c)}`));
  if (status.error) lines.push(`Error: ${escapeMrkdwn(status.error)}`);
  const blocks: Block[] = [{ type: 'section', text: mrkdwn(lines.join('\n')) }];
  if (status.state === 'awaiting-approval') {
    const value = encodePlanValue(workflowId);
    blocks.push({
      type: 'actions',
      block_id: 'capacity-plan',
      elements: [
        { type: 'button', text: plainText('Approve', SLACK_LIMITS.buttonText), action_id: CAPACITY_ACTIONS.approve, value, style: 'primary' },
        { type: 'button', text: plainText('Reject', SLACK_LIMITS.buttonText), action_id: CAPACITY_ACTIONS.reject, value, style: 'danger' },
      ],
    });
    blocks.push({ type: 'context', elements: [mrkdwn(`Approvers: ${(status.approvers ?? []).map((g) => `\`${g}\``).join(', ')} · CLI: \`swaybot capacity approve ${escapeMrkdwn(workflowId)}\``)] });
  }
  return { text: head, blocks };
}
