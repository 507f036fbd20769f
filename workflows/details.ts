/**
 * Renders the run's progress as the markdown shown under "Current Details" in
 * the Temporal Web UI. Pure: derived from the status alone, so it can be set
 * again after a replay.
 */
import type { RunbookStatus, StepState, StepStatus } from './messages.js';

const icons: Record<StepState, string> = {
  pending: '⬜',
  running: '⏳',
  'awaiting-approval': '⏸',
  'awaiting-checklist': '📝',
  succeeded: '✅',
  skipped: '⏭',
  failed: '❌',
  compensated: '↩️',
};

/** What people need to act on a waiting step: the approver groups and the workflow id. */
export interface DetailsContext {
  workflowId: string;
  /** Approver groups by step id, for the "who may approve" hint. */
  approvers: Record<string, string[]>;
}

/** The progress list: one line per step, plus how to approve or tick a waiting step. */
export function renderDetails(status: RunbookStatus, ctx: DetailsContext): string {
  const lines = [`**${status.runbookId}**: ${status.state}${status.error ? ` (${status.error})` : ''}`, ...warnings(status), ''];
  status.steps.forEach((step, i) => {
    lines.push(`${i + 1}. ${icons[step.state]} ${escape(step.title)}${suffix(step)}`);
    lines.push(...waitingHint(step, ctx));
  });
  return lines.join('\n');
}

/** What went wrong beside the steps: ledger writes that failed for good, input the run refused. */
function warnings(status: RunbookStatus): string[] {
  const out: string[] = [];
  if (status.ledgerErrors) out.push('', `⚠️ **${status.ledgerErrors} ledger write${status.ledgerErrors === 1 ? '' : 's'} failed**: ${escape(status.ledgerError ?? '')}`);
  if (status.inputRefused) out.push('', `⚠️ ${status.inputRefused} input value${status.inputRefused === 1 ? '' : 's'} refused (see the worker log)`);
  return out;
}

function suffix(step: StepStatus): string {
  const parts: string[] = [];
  if (step.decision) {
    const by = step.decision.by ? ` by ${step.decision.by}` : '';
    parts.push(`${step.decision.decision}${by}${step.decision.reason ? `: ${escape(step.decision.reason)}` : ''}`);
  }
  if (step.error) parts.push(escape(step.error));
  return parts.length ? ` (${parts.join('; ')})` : '';
}

function waitingHint(step: StepStatus, ctx: DetailsContext): string[] {
  if (step.state === 'awaiting-approval') {
    const groups = (ctx.approvers[step.id] ?? []).join(', ') || 'nobody';
    return [
      ...(step.prompt ? [`   - ${escape(step.prompt)}`] : []),
      `   - awaiting approval from: ${groups}`,
      `   - approve: \`swaybot runbook approve ${ctx.workflowId} ${step.id} --as <you>\``,
      `   - reject: \`swaybot runbook reject ${ctx.workflowId} ${step.id} --as <you> --reason "…"\``,
    ];
  }
  if (step.state === 'awaiting-checklist') {
    const items = (step.checklist ?? []).map((item) => `   - [${item.done ? 'x' : ' '}] ${escape(item.text)} (\`${item.id}\`)`);
    return [...items, `   - tick: \`swaybot runbook tick ${ctx.workflowId} ${step.id} <item>\``];
  }
  return [];
}

/** Keeps user text from breaking the list (the UI renders markdown, no HTML). */
function escape(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'));
}
