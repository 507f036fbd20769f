import { describe, expect, it } from 'vitest';
import { appendTimeline, MAX_TIMELINE, mtta, mttr } from '../../incidents/timeline.js';
import type { IncidentStatus, TimelineEntry } from '../../incidents/types.js';

function status(): IncidentStatus {
  return {
    id: 'incident-db-x',
    service: 'db',
    title: 'DiskFull on db',
    severity: 'critical',
    state: 'triggered',
    labels: {},
    openedAt: '2026-03-01T12:00:00.000Z',
    alertCount: 1,
    reopenCount: 0,
    tier: 0,
    paged: [],
    timeline: [],
    ledgerEvents: [],
  };
}

const entry = (n: number): TimelineEntry => ({ at: '2026-03-01T12:00:00.000Z', kind: 'note', text: `entry ${n}` });

describe('appendTimeline', () => {
  it('appends in place and counts nothing dropped under the limit', () => {
    const s = status();
    appendTimeline(s, entry(1));
    appendTimeline(s, entry(2));
    expect(s.timeline.map((e) => e.text)).toEqual(['entry 1', 'entry 2']);
    expect(s.timelineDropped).toBeUndefined();
  });

  it('drops the oldest beyond the limit and counts them', () => {
    const s = status();
    for (let i = 1; i <= 7; i++) appendTimeline(s, entry(i), 3);
    expect(s.timeline.map((e) => e.text)).toEqual(['entry 5', 'entry 6', 'entry 7']);
    expect(s.timelineDropped).toBe(4);
    expect(s.timeline.length + s.timelineDropped!).toBe(7);
  });

  it('keeps 500 by default', () => {
    const s = status();
    for (let i = 1; i <= MAX_TIMELINE + 2; i++) appendTimeline(s, entry(i));
    expect(MAX_TIMELINE).toBe(500);
    expect(s.timeline).toHaveLength(500);
    expect(s.timeline[0]?.text).toBe('entry 3');
    expect(s.timelineDropped).toBe(2);
  });

  it('shrinks a carried timeline that is over a smaller limit', () => {
    const s = { ...status(), timeline: [entry(1), entry(2), entry(3)], timelineDropped: 10 };
    appendTimeline(s, entry(4), 2);
    expect(s.timeline.map((e) => e.text)).toEqual(['entry 3', 'entry 4']);
    expect(s.timelineDropped).toBe(12);
  });

  it.each([0, -1, 2.5, NaN])('refuses a limit of %s', (max) => {
    expect(() => appendTimeline(status(), entry(1), max)).toThrow(`Cannot keep a timeline of \`${max}\` entries`);
  });
});

describe('mtta and mttr', () => {
  it('are absent until acknowledged / resolved', () => {
    expect(mtta(status())).toBeUndefined();
    expect(mttr(status())).toBeUndefined();
  });

  it('come from the times, or from the recorded values when set', () => {
    const s = { ...status(), acknowledgedAt: '2026-03-01T12:04:12.000Z', resolvedAt: '2026-03-01T13:00:00.000Z' };
    expect(mtta(s)).toBe(252_000);
    expect(mttr(s)).toBe(3_600_000);
    expect(mtta({ ...s, mttaMs: 5 })).toBe(5);
    expect(mttr({ ...s, mttrMs: 6 })).toBe(6);
    expect(mttr({ ...s, resolvedAt: 'later' })).toBeUndefined();
  });
});
