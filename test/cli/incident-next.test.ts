/** The next-step lines of `swaybot incident …`: `--as` only where the current user may not act, and a note when nobody may. */
import { describe, expect, it } from 'vitest';
import { IncidentNextSteps } from '../../cli/commands/incident-next.js';
import type { IncidentStatus } from '../../incidents/types.js';

const directory = { sre: ['alice', 'bob'], 'incident-commanders': ['carol'], empty: [] };

const incident = (over: Partial<IncidentStatus> = {}): IncidentStatus => ({
  id: 'incident-api-k1',
  service: 'api',
  title: 'HighErrorRate',
  severity: 'critical',
  state: 'triggered',
  labels: {},
  openedAt: '2026-12-01T10:00:00.000Z',
  alertCount: 1,
  reopenCount: 0,
  tier: 0,
  paged: ['alice'],
  timeline: [],
  ledgerEvents: [],
  ...over,
});

describe('IncidentNextSteps', () => {
  it('leaves out --as for a responder and names one for anyone else', () => {
    expect(new IncidentNextSteps({ directory, me: 'carol' }).acknowledge('i1')).toBe('npx swaybot incident ack i1');
    expect(new IncidentNextSteps({ directory, me: 'mallory' }).acknowledge('i1')).toBe('npx swaybot incident ack i1 --as alice');
  });

  it('names an approver of the step’s groups, and says so when nobody configured may decide', () => {
    const next = new IncidentNextSteps({ directory, me: 'carol' });
    expect(next.decide('i1', { id: 'restart', approvers: ['sre'] })).toEqual([
      'npx swaybot incident approve i1 restart --as alice',
      "npx swaybot incident reject i1 restart --as alice --reason '…'",
    ]);
    expect(next.decide('i1', { id: 'restart', approvers: ['empty'] })).toEqual([
      '# nobody can approve restart: `empty` has no members in `groups` of swaybot.config.yaml; add one, then: npx swaybot incident approve i1 restart --as <member>',
    ]);
  });

  it('ticks all open items at once, then each one on its own', () => {
    const next = new IncidentNextSteps({ directory, me: 'bob' });
    const checklist = [
      { id: 'a', text: 'Dashboards green', done: false },
      { id: 'b', text: 'Nobody paged', done: false },
      { id: 'c', text: 'Done already', done: true },
    ];
    expect(next.tick('i1', { id: 'confirm', checklist })).toEqual([
      'npx swaybot incident tick i1 confirm    # all 2 items',
      'npx swaybot incident tick i1 confirm a    # Dashboards green',
      'npx swaybot incident tick i1 confirm b    # Nobody paged',
    ]);
  });

  it('offers the waiting step, acknowledging and resolving while open; the postmortem once resolved', () => {
    const next = new IncidentNextSteps({ directory, me: 'bob' });
    const waiting = incident({ runbook: { id: 'rb', title: 'RB', workflowId: 'i.runbook', pendingStep: { id: 'go', title: 'Go', state: 'awaiting-approval', approvers: ['sre'] } } });
    expect(next.forIncident(waiting)).toEqual([
      'npx swaybot incident approve incident-api-k1 go --as bob',
      "npx swaybot incident reject incident-api-k1 go --as bob --reason '…'",
      'npx swaybot incident ack incident-api-k1',
      'npx swaybot incident resolve incident-api-k1',
    ]);
    expect(next.forIncident(incident({ acknowledgedAt: '2026-12-01T10:01:00.000Z' }))).toEqual(['npx swaybot incident resolve incident-api-k1']);
    expect(next.forIncident(incident({ resolvedAt: '2026-12-01T10:05:00.000Z' }))).toEqual(['npx swaybot incident postmortem incident-api-k1']);
  });
});
