/** `runbook list` as a table: state, runbook, incident, what each run waits for, its age. */
import ms from 'ms';
import pc from 'picocolors';
import { waitingStep, type RunSummary } from '../../client/runs.js';
import { safeText } from './safe-text.js';
import { timerDetail } from './status.js';

/** What the run waits for now, in a few words; `-` for a closed run. */
export function waitingFor(run: RunSummary): string {
  if (!run.inFlight) return '-';
  const status = run.status;
  if (!status) return run.step ? `${run.step} (no worker answered)` : 'no worker answered';
  const step = waitingStep(status);
  if (step?.state === 'awaiting-approval') return `approval of ${step.id} by ${(step.approvers ?? []).join(', ') || 'nobody'}`;
  if (step?.state === 'awaiting-checklist') {
    const items = step.checklist ?? [];
    return `checklist ${step.id} ${items.filter((i) => i.done).length}/${items.length}`;
  }
  const current = status.steps.find((s) => s.id === status.currentStep);
  if (current?.state === 'running' && current.timer) return `${current.id}: ${timerDetail(current.timer)}`;
  return current ? `${current.id} (${current.state})` : '-';
}

/** `3m`, `2h`, `4d`: how long ago the run started. */
export function age(start: Date, now = Date.now()): string {
  return ms(Math.max(0, now - start.getTime()));
}

/** The table, one row per run, columns sized to their content. */
export function formatRuns(runs: readonly RunSummary[], now = Date.now()): string {
  // Ids, runbooks and step names come from users and runbooks: escaped, so a cell is one harmless line.
  const rows = runs.map((r) => [r.workflowId, r.state, r.runbookId, r.incident ?? '-', waitingFor(r), age(r.startTime, now)].map((cell) => safeText(cell)));
  const header = ['ID', 'STATE', 'RUNBOOK', 'INCIDENT', 'WAITING FOR', 'AGE'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return [pc.dim(line(header)), ...rows.map(line)].join('\n');
}
