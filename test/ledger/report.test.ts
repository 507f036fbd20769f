import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { availabilityReport, type LedgerEvent } from '../../ledger/index.js';

const MIN = 60_000;
const HOUR = 60 * MIN;

let n = 0;
/** An incident event as the runbook interpreter writes it. */
function ev(type: 'opened' | 'acknowledged' | 'resolved', incident: string | undefined, time: string, extra: Partial<LedgerEvent> = {}): LedgerEvent {
  return {
    id: `wf-${incident ?? 'none'}/${type}/${n++}`,
    type: `incident.${type}`,
    subject: { kind: 'service', id: 'checkout' },
    actor: type === 'acknowledged' ? 'alice' : 'swaybot',
    time,
    payloadHash: '0'.repeat(64),
    payload: incident === undefined ? { title: 'no id' } : { incident, title: `${incident} title`, runbookId: 'restart' },
    ...extra,
  };
}

const DAY = { from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-11-02T00:00:00Z'), now: new Date('2026-11-10T00:00:00Z') };

describe('availabilityReport', () => {
  it('computes availability, MTTA and MTTR by hand: overlap counted once, clipping, an open incident, one unacknowledged', () => {
    const events = [
      ev('opened', 'A', '2026-10-31T23:00:00Z'), // before the window: clipped to 00:00
      ev('acknowledged', 'A', '2026-10-31T23:10:00Z'),
      ev('resolved', 'A', '2026-11-01T01:00:00Z'),
      ev('opened', 'B', '2026-11-01T00:30:00Z'), // overlaps A: the union is 00:00–02:00
      ev('acknowledged', 'B', '2026-11-01T00:35:00Z'),
      ev('resolved', 'B', '2026-11-01T02:00:00Z'),
      ev('opened', 'C', '2026-11-01T10:00:00Z'), // never acknowledged
      ev('resolved', 'C', '2026-11-01T10:30:00Z'),
      ev('opened', 'D', '2026-11-01T23:00:00Z'), // still open at `to`
      ev('acknowledged', 'D', '2026-11-01T23:20:00Z'),
      ev('resolved', 'D', '2026-11-02T03:00:00Z'), // after `to`: the ledger is read as it stood then
      ev('opened', 'E', '2026-10-30T10:00:00Z'), // over before the window
      ev('resolved', 'E', '2026-10-30T11:00:00Z'),
      ev('opened', 'F', '2026-11-01T05:00:00Z', { subject: { kind: 'service', id: 'billing' } }),
    ];
    const r = availabilityReport(events, 'checkout', DAY);
    expect(r.incidents.map((i) => i.incident)).toEqual(['A', 'B', 'C', 'D']);
    expect(r.incidents.map((i) => i.downtimeMs)).toEqual([1 * HOUR, 1.5 * HOUR, 30 * MIN, 1 * HOUR]);
    expect(r.downtimeMs).toBe(3.5 * HOUR); // 2h (A∪B) + 30m + 1h
    expect(r.windowMs).toBe(24 * HOUR);
    expect(r.availabilityPercent).toBeCloseTo((100 * 20.5) / 24, 10); // 85.4166…
    expect(r.mtta).toEqual({ meanMs: (10 + 5 + 20) * MIN / 3, n: 3 });
    expect(r.mttr).toEqual({ meanMs: (120 + 90 + 30) * MIN / 3, n: 3 });
    const d = r.incidents[3]!;
    expect(d.resolved).toBeUndefined();
    expect(d.timeToAcknowledgeMs).toBe(20 * MIN);
    expect(r.incidents[2]).not.toHaveProperty('acknowledged');
    expect(r.incidents[0]).toMatchObject({
      title: 'A title',
      runbookIds: ['restart'],
      eventIds: { opened: events[0]!.id, acknowledged: events[1]!.id, resolved: events[2]!.id, also: [] },
    });
    expect(r.skipped).toEqual([]);
    expect(r.openUntil).toBe('2026-11-02T00:00:00.000Z');
  });

  it('counts a still-open incident as down until now when now is before `to`', () => {
    const r = availabilityReport([ev('opened', 'X', '2026-11-01T11:00:00Z')], 'checkout', { ...DAY, now: new Date('2026-11-01T12:00:00Z') });
    expect(r.downtimeMs).toBe(HOUR);
    expect(r.availabilityPercent).toBeCloseTo((100 * 23) / 24, 10);
    expect(r.mttr).toEqual({ meanMs: null, n: 0 });
    expect(r.mtta).toEqual({ meanMs: null, n: 0 });
  });

  it('is exactly 100% with no incidents', () => {
    const r = availabilityReport([], 'checkout', DAY);
    expect(r).toMatchObject({ availabilityPercent: 100, downtimeMs: 0, incidents: [], mtta: { meanMs: null, n: 0 }, mttr: { meanMs: null, n: 0 }, skipped: [] });
  });

  it('merges several runs of one incident: earliest opened and ack, latest resolved, the rest traceable', () => {
    const events = [
      ev('opened', 'I', '2026-11-01T01:00:00Z'),
      ev('opened', 'I', '2026-11-01T01:05:00Z'),
      ev('acknowledged', 'I', '2026-11-01T01:10:00Z'),
      ev('acknowledged', 'I', '2026-11-01T01:12:00Z'),
      ev('resolved', 'I', '2026-11-01T01:40:00Z'),
      ev('resolved', 'I', '2026-11-01T02:00:00Z'),
    ];
    const r = availabilityReport(events, 'checkout', DAY);
    expect(r.incidents).toHaveLength(1);
    expect(r.incidents[0]).toMatchObject({
      timeToAcknowledgeMs: 10 * MIN,
      timeToResolveMs: HOUR,
      downtimeMs: HOUR,
      eventIds: { opened: events[0]!.id, acknowledged: events[2]!.id, resolved: events[5]!.id },
    });
    expect([...r.incidents[0]!.eventIds.also].sort()).toEqual([events[1]!.id, events[3]!.id, events[4]!.id].sort());
  });

  it('treats an incident re-opened after resolving as a second episode', () => {
    const events = [
      ev('opened', 'R', '2026-11-01T01:00:00Z'),
      ev('resolved', 'R', '2026-11-01T02:00:00Z'),
      ev('opened', 'R', '2026-11-01T05:00:00Z'),
      ev('acknowledged', 'R', '2026-11-01T05:30:00Z'),
      ev('resolved', 'R', '2026-11-01T08:00:00Z'),
    ];
    const r = availabilityReport(events, 'checkout', DAY);
    expect(r.incidents.map((i) => [i.incident, i.episode, i.downtimeMs])).toEqual([
      ['R', 1, HOUR],
      ['R', 2, 3 * HOUR],
    ]);
    expect(r.downtimeMs).toBe(4 * HOUR); // the 02:00–05:00 gap is up
    expect(r.mttr).toEqual({ meanMs: 2 * HOUR, n: 2 });
    expect(r.mtta).toEqual({ meanMs: 30 * MIN, n: 1 });
  });

  it('reports events it cannot use as skipped, with the reason', () => {
    const noId = ev('opened', undefined, '2026-11-01T01:00:00Z');
    const early = ev('acknowledged', 'Z', '2026-11-01T01:00:00Z');
    const later = ev('opened', 'Z', '2026-11-01T02:00:00Z');
    const r = availabilityReport([noId, early, later], 'checkout', DAY);
    expect(r.skipped).toEqual([
      { eventId: noId.id, type: 'incident.opened', time: noId.time, reason: 'payload.incident is missing or not a non-empty string' },
      { eventId: early.id, type: 'incident.acknowledged', time: early.time, reason: 'acknowledged before incident `Z` was opened' },
    ]);
    expect(r.incidents.map((i) => i.incident)).toEqual(['Z']);
  });

  it('refuses an empty window', () => {
    expect(() => availabilityReport([], 'checkout', { ...DAY, from: DAY.to })).toThrow(/from \(.*\) must be before to/);
  });

  it('keeps availability within [0, 100], and at 100 exactly when no incident overlaps the window', () => {
    const base = Date.parse('2026-01-01T00:00:00Z');
    const span = 30 * 24 * HOUR;
    const incident = fc.record({ opened: fc.integer({ min: 0, max: span }), length: fc.option(fc.integer({ min: 0, max: 5 * 24 * HOUR })) });
    fc.assert(
      fc.property(
        fc.array(incident, { maxLength: 12 }),
        fc.integer({ min: 0, max: span }),
        fc.integer({ min: 1, max: span }),
        fc.integer({ min: 0, max: 2 * span }),
        (incidents, fromAt, windowLength, nowAt) => {
          const from = base + fromAt;
          const to = from + windowLength;
          const now = base + nowAt;
          const events = incidents.flatMap((i, k) => {
            const opened = ev('opened', `P${k}`, new Date(base + i.opened).toISOString());
            return i.length === null ? [opened] : [opened, ev('resolved', `P${k}`, new Date(base + i.opened + i.length).toISOString())];
          });
          const r = availabilityReport(events, 'checkout', { from: new Date(from), to: new Date(to), now: new Date(now) });
          expect(r.availabilityPercent).toBeGreaterThanOrEqual(0);
          expect(r.availabilityPercent).toBeLessThanOrEqual(100);
          // Independently: is any down interval, as the ledger stood at `to`, inside the window?
          const overlaps = incidents.some((i) => {
            const start = base + i.opened;
            if (start >= to) return false;
            const resolvedAt = i.length === null ? Infinity : start + i.length;
            const end = resolvedAt < to ? resolvedAt : Math.min(to, now);
            return Math.max(start, from) < Math.min(end, to);
          });
          expect(r.availabilityPercent === 100).toBe(!overlaps);
        },
      ),
      { numRuns: 500 },
    );
  });
});
