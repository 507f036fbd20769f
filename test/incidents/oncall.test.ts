import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { onCallAt, SHIFT_MS } from '../../incidents/oncall.js';
import type { Rotation } from '../../incidents/types.js';

const START = Date.parse('2026-01-05T09:00:00Z');
const WEEK = 7 * 24 * 3600_000;
const at = (ms: number) => new Date(ms).toISOString();

const weekly: Rotation = { members: ['alice', 'bob', 'carol'], handoff: 'weekly', start: at(START), overrides: [] };

describe('onCallAt', () => {
  it('hands off exactly at the boundary', () => {
    expect(onCallAt(weekly, at(START))).toBe('alice');
    expect(onCallAt(weekly, at(START + WEEK - 1))).toBe('alice');
    expect(onCallAt(weekly, at(START + WEEK))).toBe('bob');
    expect(onCallAt(weekly, at(START + 2 * WEEK - 1))).toBe('bob');
    expect(onCallAt(weekly, at(START + 2 * WEEK))).toBe('carol');
    expect(onCallAt(weekly, at(START + 3 * WEEK))).toBe('alice');
  });

  it('hands off daily', () => {
    const daily: Rotation = { ...weekly, handoff: 'daily' };
    expect(onCallAt(daily, '2026-01-06T08:59:59.999Z')).toBe('alice');
    expect(onCallAt(daily, '2026-01-06T09:00:00Z')).toBe('bob');
    expect(onCallAt(daily, '2026-01-08T09:00:00Z')).toBe('alice');
  });

  it('runs the rotation backwards before its start', () => {
    expect(onCallAt(weekly, at(START - 1))).toBe('carol');
    expect(onCallAt(weekly, at(START - WEEK))).toBe('carol');
    expect(onCallAt(weekly, at(START - WEEK - 1))).toBe('bob');
    expect(onCallAt(weekly, at(START - 3 * WEEK))).toBe('alice');
    expect(onCallAt(weekly, at(START - 3 * WEEK - 1))).toBe('carol');
  });

  it('takes Dates and offsets as well as UTC text', () => {
    expect(onCallAt(weekly, new Date(START + WEEK))).toBe('bob');
    expect(onCallAt(weekly, '2026-01-12T10:00:00+01:00')).toBe('bob');
    expect(onCallAt(weekly, '2026-01-12T09:59:59+01:00')).toBe('alice');
  });

  it('lets an override win in [from, to), the last listed one when several do', () => {
    const r: Rotation = {
      ...weekly,
      overrides: [
        { user: 'dave', from: '2026-01-06T00:00:00Z', to: '2026-01-07T00:00:00Z' },
        { user: 'erin', from: '2026-01-06T12:00:00Z', to: '2026-01-06T13:00:00Z' },
      ],
    };
    expect(onCallAt(r, '2026-01-05T23:59:59.999Z')).toBe('alice');
    expect(onCallAt(r, '2026-01-06T00:00:00Z')).toBe('dave');
    expect(onCallAt(r, '2026-01-06T12:00:00Z')).toBe('erin');
    expect(onCallAt(r, '2026-01-06T12:59:59.999Z')).toBe('erin');
    expect(onCallAt(r, '2026-01-06T13:00:00Z')).toBe('dave');
    expect(onCallAt(r, '2026-01-07T00:00:00Z')).toBe('alice');
  });

  it('throws clear errors on bad input', () => {
    expect(() => onCallAt(weekly, 'soon')).toThrow('Unexpected on-call time `soon`, expected an ISO 8601 time');
    expect(() => onCallAt(weekly, new Date(NaN))).toThrow('Unexpected on-call time `Invalid Date`');
    expect(() => onCallAt({ ...weekly, start: 'monday' }, at(START))).toThrow('Unexpected rotation `start` `monday`');
    expect(() => onCallAt({ ...weekly, members: [] }, at(START))).toThrow('A rotation needs at least one member');
    expect(() => onCallAt({ ...weekly, handoff: 'hourly' as 'daily' }, at(START))).toThrow('Unexpected handoff `hourly`');
  });

  const rotations = fc.record({
    members: fc.array(fc.constantFrom('alice', 'bob', 'carol', 'dave'), { minLength: 1, maxLength: 5 }),
    handoff: fc.constantFrom<Rotation['handoff']>('daily', 'weekly'),
    start: fc.integer({ min: -1e13, max: 1e13 }).map(at),
    overrides: fc.array(
      fc.record({ user: fc.constantFrom('ovr1', 'ovr2'), from: fc.integer({ min: -1e13, max: 1e13 }), length: fc.integer({ min: 0, max: 1e10 }) }).map((o) => ({ user: o.user, from: at(o.from), to: at(o.from + o.length) })),
      { maxLength: 3 },
    ),
  });
  const instants = fc.integer({ min: -8e15, max: 8e15 });

  it('always answers a member or an override user', () => {
    fc.assert(
      fc.property(rotations, instants, (rotation, t) => {
        const who = onCallAt(rotation, new Date(t));
        expect([...rotation.members, ...rotation.overrides.map((o) => o.user)]).toContain(who);
      }),
    );
  });

  it('without overrides, one shift later is the next member', () => {
    fc.assert(
      fc.property(rotations, instants, (rotation, t) => {
        const r = { ...rotation, members: rotation.members.map((m, i) => `${m}#${i}`), overrides: [] };
        const now = r.members.indexOf(onCallAt(r, new Date(t)));
        const next = r.members.indexOf(onCallAt(r, new Date(t + SHIFT_MS[r.handoff])));
        expect(next).toBe((now + 1) % r.members.length);
      }),
    );
  });
});
