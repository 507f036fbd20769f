/** A run's status as a readable table, with the commands that move it on. */
import ms from 'ms';
import pc from 'picocolors';
import type { RunbookStatus, StepState, StepStatus } from '../../workflows/messages.js';
import type { NextSteps } from '../next-steps.js';
import { safeFields, safeText } from './safe-text.js';

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

/** One line about a step beyond its state: decision, checklist progress, error. Reasons, prompts and names are escaped. */
export function stepDetail(raw: StepStatus): string {
  const step = safeFields(raw);
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
  if (step.state === 'running' && step.timer) parts.push(timerDetail(step.timer));
  if (step.attempts && step.attempts > 1) parts.push(`${step.attempts} attempts`);
  if (step.error) parts.push(pc.red(step.error));
  return parts.join('; ');
}

/** `timer 5m, until 12:04:31 (3m 12s left)`: a `wait` step's timer, from its start and duration. */
export function timerDetail(timer: { duration: string; since: string }, now = Date.now()): string {
  // The duration passed the interpreter's check (`30s`, `5m`, `250ms`), which `ms` reads the same way.
  const length = ms(timer.duration as ms.StringValue) as number | undefined;
  const start = Date.parse(timer.since);
  if (length === undefined || !Number.isFinite(start)) return `timer ${safeText(String(timer.duration))}`;
  const until = new Date(start + length);
  const left = Math.max(0, until.getTime() - now);
  return `timer ${safeText(String(timer.duration))}, until ${until.toISOString().slice(11, 19)}Z (${left < 1000 ? 'any moment now' : `${ms(left)} left`})`;
}

/**
 * The whole status: header, one row per step, open checklist items, and what to run next.
 * `state` is the run's one word (`runStateWord`): `succeeded` once it has completed.
 */
export function formatStatus(rawWorkflowId: string, rawStatus: RunbookStatus, rawState: string, next: NextSteps): string {
  // Everything in a status may come from a runbook or a person: printed escaped.
  // Outputs are not printed here: left out rather than copied.
  const [workflowId, status, state] = [safeText(rawWorkflowId), safeFields({ ...rawStatus, outputs: {} }), safeText(rawState)];
  const lines: string[] = [];
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
  if (status.ledgerErrors) lines.push('', pc.red(`ledger: ${status.ledgerErrors} write${status.ledgerErrors === 1 ? '' : 's'} failed for good: ${status.ledgerError ?? '?'}`));
  if (status.inputRefused) lines.push(pc.yellow(`input: ${status.inputRefused} value${status.inputRefused === 1 ? '' : 's'} refused (see the worker log)`));
  const open = state === 'running' || state === 'awaiting-approval' || state === 'awaiting-checklist';
  const commands = open ? status.steps.flatMap((s) => next.forStep(workflowId, s)) : [];
  if (commands.length > 0) lines.push('', 'Next:', ...commands.map((c) => `  ${c}`));
  return lines.join('\n');
}
