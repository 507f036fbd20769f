/**
 * The postmortem draft: the incident's facts as markdown for its authors to finish
 * (summary, impact window, response times, timeline, approvals, runbook steps,
 * ledger events, follow-ups). Built from the status alone, so it is the same on replay.
 */
import { cell, code, line } from './markdown.js';
import { mtta, mttr } from './timeline.js';
import type { IncidentStatus } from './types.js';

/** A runbook step as the incident saw it last (the run's progress signals). */
export interface PostmortemStep {
  id: string;
  title: string;
  state: string;
  decision?: { decision: string; by?: string; reason?: string };
}

export interface PostmortemExtras {
  steps?: PostmortemStep[];
}

const UNITS: [string, number][] = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1000],
];

/** A duration for people: `4m 12s`, `1h 3s`, `2d 5h`; under a second `850ms`; whole seconds above. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return 'unknown';
  if (ms < 0) return `-${formatDuration(-ms)}`;
  if (ms < 1000) return `${Math.round(ms)}ms`;
  let rest = Math.floor(ms / 1000) * 1000;
  const parts: string[] = [];
  for (const [unit, size] of UNITS) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) parts.push(`${n}${unit}`);
  }
  return parts.join(' ');
}

/** An ISO time as `2026-01-05 09:04:12 UTC` (text that is not a time is shown as it is). */
export function formatTime(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : `${new Date(t).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

const DECIDED: Record<string, string> = { approve: 'approved', reject: 'rejected', timeout: 'timed out' };

/** The postmortem draft of `status`, with the runbook's steps when the incident ran one. */
export function postmortemDraft(status: IncidentStatus, extras: PostmortemExtras = {}): string {
  const steps = extras.steps ?? [];
  return [
    `# Postmortem draft: ${line(status.title)}`,
    `_Drafted by swaybot from incident ${code(status.id)}. Every section is a starting point: check it, then complete it._`,
    summary(status),
    impact(status),
    responseTimes(status),
    timeline(status),
    approvals(steps),
    runbookSteps(status, steps),
    ledger(status),
    followUps(),
  ].join('\n\n') + '\n';
}

function table(header: string[], rows: string[][]): string {
  const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [row(header), row(header.map(() => '---')), ...rows.map(row)].join('\n');
}

function summary(s: IncidentStatus): string {
  const labels = Object.keys(s.labels)
    .sort()
    .map((name) => code(`${name}=${s.labels[name]}`));
  const fp = s.falsePositive ? `yes, marked by ${s.falsePositive.by}${s.falsePositive.reason ? `: ${s.falsePositive.reason}` : ''}` : 'no';
  const rows: [string, string][] = [
    ['Service', code(s.service)],
    ['Severity', s.severity],
    ['State', s.state],
    ['Labels', labels.join(', ') || 'none'],
    ['Alerts', String(s.alertCount)],
    ['Reopened', `${s.reopenCount} ${s.reopenCount === 1 ? 'time' : 'times'}`],
    ['False positive', fp],
    ['Paged', s.paged.join(', ') || 'nobody'],
  ];
  if (s.runbook) rows.push(['Runbook', `${s.runbook.title} (${code(s.runbook.id)}, run ${code(s.runbook.workflowId)})${s.runbook.state ? `, ${s.runbook.state}` : ''}`]);
  return `## Summary\n\n${table(['Field', 'Value'], rows.map(([k, v]) => [k, cell(v)]))}`;
}

function impact(s: IncidentStatus): string {
  const acked = s.acknowledgedAt ? `${formatTime(s.acknowledgedAt)}${s.acknowledgedBy ? ` by ${line(s.acknowledgedBy)}` : ''}` : 'not acknowledged';
  const resolved = s.resolvedAt ? `${formatTime(s.resolvedAt)}${s.resolvedBy ? ` by ${line(s.resolvedBy)}` : ''}` : 'not resolved yet';
  const duration = mttr(s);
  return [
    '## Impact window',
    '',
    `- Opened: ${formatTime(s.openedAt)}`,
    `- Acknowledged: ${acked}`,
    `- Resolved: ${resolved}`,
    `- Duration: ${duration === undefined ? 'still open' : formatDuration(duration)}`,
  ].join('\n');
}

function responseTimes(s: IncidentStatus): string {
  const a = mtta(s);
  const r = mttr(s);
  return [
    '## MTTA and MTTR',
    '',
    `- Time to acknowledge (MTTA): ${a === undefined ? 'not acknowledged' : formatDuration(a)}`,
    `- Time to resolve (MTTR): ${r === undefined ? 'not resolved' : formatDuration(r)}`,
  ].join('\n');
}

function timeline(s: IncidentStatus): string {
  const dropped = s.timelineDropped ?? 0;
  const note = dropped > 0 ? `\n\n_${dropped} earlier ${dropped === 1 ? 'entry was' : 'entries were'} dropped to keep the incident's status bounded._` : '';
  if (s.timeline.length === 0) return `## Timeline\n\n_No entries._${note}`;
  const rows = s.timeline.map((e) => [cell(formatTime(e.at)), cell(e.by ?? 'swaybot'), cell(e.text)]);
  return `## Timeline\n\n${table(['Time', 'Who', 'What'], rows)}${note}`;
}

function approvals(steps: PostmortemStep[]): string {
  const decided = steps.filter((step) => step.decision !== undefined);
  if (decided.length === 0) return '## Approvals\n\n_No runbook step was decided by a person._';
  const items = decided.map((step) => {
    const d = step.decision!;
    const what = DECIDED[d.decision] ?? d.decision;
    return `- ${line(step.title)} (${code(step.id)}): ${line(what)}${d.by ? ` by ${line(d.by)}` : ''}${d.reason ? `, reason: ${line(d.reason)}` : ', no reason given'}`;
  });
  return `## Approvals\n\n${items.join('\n')}`;
}

function runbookSteps(s: IncidentStatus, steps: PostmortemStep[]): string {
  if (steps.length === 0) return `## Runbook steps\n\n_${s.runbook ? 'The runbook reported no steps.' : 'No runbook ran.'}_`;
  const rows = steps.map((step) => [cell(code(step.id)), cell(step.title), cell(step.state)]);
  return `## Runbook steps\n\n${table(['Step', 'Title', 'State'], rows)}`;
}

function ledger(s: IncidentStatus): string {
  const failed = s.ledgerErrors ?? 0;
  const warn = failed > 0 ? `\n\n_${failed} ledger ${failed === 1 ? 'write' : 'writes'} failed for good${s.ledgerError ? ` (last: ${line(s.ledgerError)})` : ''}; ${failed === 1 ? 'its event is' : 'their events are'} not in the ledger._` : '';
  const items = s.ledgerEvents.map((id) => `- ${code(id)}`);
  return `## Ledger events\n\n${items.join('\n') || '_No ledger events were recorded._'}${warn}`;
}

function followUps(): string {
  return [
    '## Follow-ups',
    '',
    '- [ ] Root cause:',
    '- [ ] Contributing factors:',
    '- [ ] What would have caught it sooner:',
    '- [ ] Action item (owner, due date):',
    '- [ ] Action item (owner, due date):',
  ].join('\n');
}
