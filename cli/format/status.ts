/** A run's status as a readable table, with the commands that move it on. */
import pc from 'picocolors';
import type { RunbookStatus, StepState, StepStatus } from '../../workflows/messages.js';

const marks: Record<StepState, (s: string) => string> = {
  pending: (s) => pc.dim(`· ${s}`),
  running: (s) => pc.cyan(`▶ ${s}`),
  'awaiting-approval': (s) => pc.yellow(`⏸ ${s}`),
  'awaiting-checklist': (s) => pc.yellow(`⏸ ${s}`),
  succeeded: (s) => pc.green(`✔ ${s}`),
  skipped: (s) => pc.dim(`↷ ${s}`),
  failed: (s) => pc.red(`✖ ${s}`),
  compensated: (s) => pc.magenta(`↺ ${s}`),
};

/** The step state with its mark and colour; padded before colouring so columns line up. */
export function stateLabel(state: StepState, width = 0): string {
  return (marks[state] ?? ((s: string) => s))(state.padEnd(width));
}

/** One line about a step beyond its state: decision, checklist progress, error. */
export function stepDetail(step: StepStatus): string {
  const parts: string[] = [];
  if (step.decision) {
    const d = step.decision;
    const verb = d.decision === 'approve' ? 'approved' : d.decision === 'reject' ? 'rejected' : 'timed out';
    parts.push(`${verb}${d.by ? ` by ${d.by}` : ''}${d.reason ? `: ${d.reason}` : ''}`);
  }
  if (step.checklist && step.checklist.length > 0) {
    const done = step.checklist.filter((i) => i.done).length;
    parts.push(`checklist ${done}/${step.checklist.length}`);
  }
  if (step.state === 'awaiting-approval') {
    if (step.approvers?.length) parts.push(`approvers: ${step.approvers.join(', ')}`);
    if (step.prompt) parts.push(`"${step.prompt}"`);
  }
  if (step.attempts && step.attempts > 1) parts.push(`${step.attempts} attempts`);
  if (step.error) parts.push(pc.red(step.error));
  return parts.join('; ');
}

export interface NextOptions {
  /** How to call the CLI in the hints (default `npx swaybot`). */
  cli?: string;
  /** Approver to suggest with `--as` for a step, when the default user may not be one. */
  approverFor?: (stepId: string) => string | undefined;
}

/** The commands that unblock `step`, or none when it is not waiting for a person. */
export function nextCommands(workflowId: string, step: StepStatus, options: NextOptions = {}): string[] {
  const cli = options.cli ?? 'npx swaybot';
  if (step.state === 'awaiting-approval') {
    const who = options.approverFor?.(step.id);
    const as = who ? ` --as ${who}` : '';
    return [`${cli} runbook approve ${workflowId} ${step.id}${as}`, `${cli} runbook reject ${workflowId} ${step.id}${as} --reason "…"`];
  }
  if (step.state === 'awaiting-checklist') {
    const open = (step.checklist ?? []).filter((i) => !i.done);
    return open.map((i) => `${cli} runbook tick ${workflowId} ${step.id} ${i.id}    # ${i.text}`);
  }
  return [];
}

/** The whole status: header, one row per step, open checklist items, and what to run next. */
export function formatStatus(workflowId: string, status: RunbookStatus, closed?: string, next: NextOptions = {}): string {
  const lines: string[] = [];
  const state = closed ?? status.state;
  lines.push(`${pc.bold(status.runbookId)}  ${pc.dim(`plan ${status.planHash.slice(0, 12)}`)}  run ${pc.bold(state)}` +
    (status.currentStep ? `  at ${pc.bold(status.currentStep)}` : ''));
  const idWidth = Math.max(4, ...status.steps.map((s) => s.id.length));
  const stateWidth = Math.max(...status.steps.map((s) => s.state.length), 5);
  lines.push('', pc.dim(`  ${'#'.padStart(2)}  ${'STEP'.padEnd(idWidth)}  ${'  STATE'.padEnd(stateWidth + 2)}  DETAIL`));
  status.steps.forEach((step, i) => {
    const row = `  ${String(i + 1).padStart(2)}  ${step.id.padEnd(idWidth)}  ${stateLabel(step.state, stateWidth)}  ${stepDetail(step)}`;
    lines.push(row.trimEnd());
    if (step.state === 'awaiting-checklist') {
      for (const item of step.checklist ?? []) lines.push(`${' '.repeat(idWidth + 8)}${item.done ? '[x]' : '[ ]'} ${item.id}: ${item.text}`);
    }
  });
  if (status.error) lines.push('', pc.red(`error: ${status.error}`));
  const commands = status.steps.flatMap((s) => nextCommands(workflowId, s, next));
  if (commands.length > 0) lines.push('', 'Next:', ...commands.map((c) => `  ${c}`));
  return lines.join('\n');
}
