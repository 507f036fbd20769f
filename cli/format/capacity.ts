/** A capacity run's status as the CLI prints it: what runs, the plan as a table, the forecast, the decision, what to do next. */
import pc from 'picocolors';
import { planTable } from '../../capacity/table.js';
import type { CapacityStatus } from '../../workflows/capacity-messages.js';
import { safeFields, safeText } from './safe-text.js';

const STATE: Record<CapacityStatus['state'], (s: string) => string> = {
  forecasting: pc.cyan,
  'awaiting-approval': pc.yellow,
  applying: pc.cyan,
  applied: pc.green,
  unchanged: pc.green,
  rejected: pc.red,
  expired: pc.red,
  failed: pc.red,
};

export function formatCapacityStatus(raw: CapacityStatus, rawWorkflowId: string | undefined, options: { all?: boolean; approver?: string | undefined } = {}): string {
  // Service names, who decided and why, errors: printed escaped.
  const status = safeFields(raw);
  const workflowId = rawWorkflowId === undefined ? undefined : safeText(rawWorkflowId);
  const out: string[] = [];
  out.push(`${pc.bold(`Capacity plan for ${status.service}`)}  ${STATE[status.state](status.state)}${workflowId ? pc.dim(`  (${workflowId})`) : ''}`);
  if (status.history) out.push(`history   ${status.history.hours} h from ${status.history.source}${status.history.filled > 0 ? `, ${status.history.filled} missing hours interpolated` : ''}`);
  if (status.forecast) out.push(`forecast  ${status.forecast.model} (model ${status.forecast.modelVersion}${status.forecast.backend ? `, backend ${status.forecast.backend}` : ''})`);
  if (status.diff && status.plan) {
    out.push(`now       ${status.diff.current} → ${pc.bold(String(status.diff.next))} replicas; peak ${status.plan.peak.replicas} at ${new Date(status.plan.peak.t).toISOString().slice(0, 16).replace('T', ' ')} UTC`);
    out.push(`approval  ${status.diff.reason}`);
    if (status.plan.cappedHours > 0) out.push(pc.yellow(`warning   ${status.plan.cappedHours} hours need more than max replicas; the plan is capped there`));
    out.push('', planTable(status.plan, { all: options.all ?? false }), '');
  }
  if (status.chart) out.push(`chart     ${status.chart}`);
  if (status.decision) out.push(`decision  ${status.decision.decision} by ${status.decision.by}${status.decision.reason ? `: ${status.decision.reason}` : ''}`);
  if (status.applied) for (const c of status.applied.changes) out.push(`applied   ${c}`);
  if (status.error) out.push(pc.red(`error     ${status.error}`));
  if (status.state === 'awaiting-approval' && workflowId) {
    const as = options.approver ? ` --as ${safeText(options.approver)}` : '';
    out.push('', `Approve: ${pc.bold(`swaybot capacity approve ${status.service}${as}`)}   Reject: swaybot capacity reject ${status.service}${as} --reason "…"`);
    if (status.approvers) out.push(pc.dim(`(approvers: members of ${status.approvers.join(', ')})`));
  }
  return out.join('\n');
}
