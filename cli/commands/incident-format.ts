/**
 * How `swaybot incident list` and `incident show` print: the table of incidents, and one
 * incident with who is paged, its runbook and the step it waits on, its timeline, and the
 * commands that move it on.
 */
import ms from 'ms';
import pc from 'picocolors';
import type { IncidentSummary } from '../../client/incident-actions.js';
import type { IncidentStatus, PendingStep, TimelineEntry } from '../../incidents/types.js';
import type { IncidentNextSteps } from './incident-next.js';

/** `3m`, `2h`, `4d`: how long ago `start` was. */
function age(start: Date | string, now: number): string {
  const t = typeof start === 'string' ? Date.parse(start) : start.getTime();
  return Number.isFinite(t) ? ms(Math.max(0, now - t)) : '?';
}

/** `12s`, `4m`: a duration in milliseconds, `-` when unknown. */
function took(duration: number | undefined): string {
  return duration === undefined ? '-' : ms(Math.max(0, duration));
}

/** The table, one row per incident: id, state, service, severity, age; columns sized to their content. */
export function formatIncidentList(incidents: readonly IncidentSummary[], now = Date.now()): string {
  const rows = incidents.map((i) => [i.id, i.open ? i.state : `${i.state} (closed)`, i.service, i.severity, age(i.startTime, now)]);
  const header = ['ID', 'STATE', 'SERVICE', 'SEVERITY', 'AGE'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return [pc.dim(line(header)), ...rows.map(line)].join('\n');
}

/** What a waiting step asks for, in one line. */
export function pendingDetail(step: PendingStep): string {
  if (step.state === 'awaiting-approval') {
    const who = step.approvers && step.approvers.length > 0 ? step.approvers.join(', ') : 'nobody';
    return `approval by ${who}${step.prompt ? ` "${step.prompt}"` : ''}`;
  }
  if (step.state === 'awaiting-checklist') {
    const items = step.checklist ?? [];
    return `checklist ${items.filter((i) => i.done).length}/${items.length}`;
  }
  return step.state;
}

function timelineLine(e: TimelineEntry, kindWidth: number): string {
  const time = e.at.length >= 19 ? `${e.at.slice(11, 19)}Z` : e.at;
  return `  ${pc.dim(time)}  ${e.kind.padEnd(kindWidth)}  ${(e.by ?? 'swaybot').padEnd(8)}  ${e.text.replace(/\n/g, ' ')}`.trimEnd();
}

/** One incident: header, times, who is paged, runbook and its waiting step, timeline, next commands. */
export function formatIncident(s: IncidentStatus, next: IncidentNextSteps, now = Date.now()): string {
  const lines: string[] = [];
  lines.push(`${pc.bold(s.id)}  ${pc.bold(s.state)}  ${s.severity}  service ${s.service}`);
  lines.push(s.title);
  const counts = `${s.alertCount} alert${s.alertCount === 1 ? '' : 's'}${s.reopenCount > 0 ? ` · reopened ${s.reopenCount}×` : ''}`;
  lines.push('', `Opened        ${s.openedAt} (${age(s.openedAt, now)} ago) · ${counts}`);
  if (s.acknowledgedAt) lines.push(`Acknowledged  ${s.acknowledgedAt} by ${s.acknowledgedBy ?? '?'} (MTTA ${took(s.mttaMs)})`);
  if (s.resolvedAt) lines.push(`Resolved      ${s.resolvedAt} by ${s.resolvedBy ?? '?'} (MTTR ${took(s.mttrMs)})`);
  if (s.falsePositive) lines.push(`False positive, marked by ${s.falsePositive.by}${s.falsePositive.reason ? `: ${s.falsePositive.reason}` : ''}`);
  lines.push(`Paged         tier ${s.tier + 1}: ${s.paged.join(', ') || 'nobody'}`);
  if (s.runbook) {
    const r = s.runbook;
    lines.push(`Runbook       ${r.id} (${r.title}), ${r.state ?? 'starting'}, run ${r.workflowId}`);
    if (r.pendingStep) lines.push(`  waiting on   ${r.pendingStep.id} (${r.pendingStep.title}): ${pendingDetail(r.pendingStep)}`);
    for (const item of r.pendingStep?.state === 'awaiting-checklist' ? (r.pendingStep.checklist ?? []) : []) {
      lines.push(`               ${item.done ? '[x]' : '[ ]'} ${item.id}: ${item.text}`);
    }
  } else lines.push('Runbook       none');
  if (s.runbookTies && s.runbookTies.length > 1) lines.push(`  tied with    ${s.runbookTies.map((t) => t.id).join(', ')}`);
  if (s.chat) lines.push(`Chat          ${s.chat.channel} (message ${s.chat.ts})${s.chatErrors ? pc.red(`, ${s.chatErrors} failed`) : ''}`);
  else if (s.chatErrors) lines.push(`Chat          ${pc.red(`${s.chatErrors} failed call${s.chatErrors === 1 ? '' : 's'}`)}`);
  if (s.ledgerErrors) lines.push(pc.red(`Ledger        ${s.ledgerErrors} failed call${s.ledgerErrors === 1 ? '' : 's'}: ${s.ledgerError ?? '?'}`));
  if (s.postmortemFile) lines.push(`Postmortem    ${s.postmortemFile}`);

  lines.push('', 'Timeline:');
  if (s.timelineDropped) lines.push(pc.dim(`  (${s.timelineDropped} earlier entries dropped)`));
  const kindWidth = Math.max(0, ...s.timeline.map((e) => e.kind.length));
  for (const e of s.timeline) lines.push(timelineLine(e, kindWidth));

  const commands = next.forIncident(s);
  if (commands.length > 0) lines.push('', 'Next:', ...commands.map((c) => `  ${c}`));
  return lines.join('\n');
}
