/**
 * How an incident shows: its state derived from the facts (never set by hand),
 * the search attributes the Web UI filters on, and the current-details markdown
 * with the live timeline (newest first). Writes to visibility only when a value changes.
 */
import { setCurrentDetails, upsertSearchAttributes } from '@temporalio/workflow';
import type { IncidentState, IncidentStatus } from '../incidents/types.js';
import { IncidentServiceKey, IncidentSeverityKey, IncidentStateKey } from './incident-messages.js';

/** The state the facts give: resolved, else acknowledged (mitigating while its runbook runs), else escalated or triggered. */
export function deriveState(s: IncidentStatus): IncidentState {
  if (s.resolvedAt !== undefined) return 'resolved';
  if (s.acknowledgedAt !== undefined) return s.runbook && (s.runbook.state === 'running' || s.runbook.state === 'compensating') ? 'mitigating' : 'acknowledged';
  return s.tier > 0 ? 'escalated' : 'triggered';
}

/** The Web UI's view of the incident, refreshed after every change. */
export class IncidentView {
  #last = '';

  publish(s: IncidentStatus): void {
    s.state = deriveState(s);
    setCurrentDetails(details(s));
    const key = `${s.state}\u0000${s.service}\u0000${s.severity}`;
    if (key === this.#last) return;
    this.#last = key;
    upsertSearchAttributes([
      { key: IncidentStateKey, value: s.state },
      { key: IncidentServiceKey, value: s.service },
      { key: IncidentSeverityKey, value: s.severity },
    ]);
  }
}

const TIMELINE_SHOWN = 30;

function details(s: IncidentStatus): string {
  const lines = [
    `**${s.state}** · ${s.severity} · service \`${s.service}\` · ${s.alertCount} alert${s.alertCount === 1 ? '' : 's'}${s.reopenCount > 0 ? ` · reopened ${s.reopenCount}×` : ''}`,
    '',
    `- Opened ${s.openedAt}`,
  ];
  if (s.acknowledgedAt) lines.push(`- Acknowledged ${s.acknowledgedAt} by ${s.acknowledgedBy ?? '?'}`);
  if (s.resolvedAt) lines.push(`- Resolved ${s.resolvedAt} by ${s.resolvedBy ?? '?'}`);
  if (s.paged.length > 0) lines.push(`- Paged (tier ${s.tier + 1}): ${s.paged.join(', ')}`);
  if (s.runbook) {
    const pending = s.runbook.pendingStep;
    lines.push(`- Runbook \`${s.runbook.id}\` (${s.runbook.state ?? 'starting'}), run \`${s.runbook.workflowId}\``);
    if (pending) lines.push(`- Waiting: ${pending.title} (${pending.state}${pending.approvers?.length ? ` by ${pending.approvers.join(', ')}` : ''})`);
  }
  lines.push('', '| time | who | what |', '|---|---|---|');
  const shown = s.timeline.slice(-TIMELINE_SHOWN).reverse();
  for (const e of shown) lines.push(`| ${e.at.slice(11, 19)} | ${e.by ?? 'swaybot'} | ${e.text.replace(/\|/g, '\\|').replace(/\n/g, ' ')} |`);
  const hidden = s.timeline.length - shown.length + (s.timelineDropped ?? 0);
  if (hidden > 0) lines.push('', `(${hidden} earlier entries: \`swaybot incident show ${s.id}\`)`);
  return lines.join('\n');
}
