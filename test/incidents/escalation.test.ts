import { describe, expect, it } from 'vitest';
import { escalationSteps, parseDuration, resolvePages, routeFor } from '../../incidents/escalation.js';
import type { IncidentRoute, Rotation } from '../../incidents/types.js';

const rotations: Record<string, Rotation> = {
  db: { members: ['alice', 'bob'], handoff: 'weekly', start: '2026-01-05T09:00:00Z', overrides: [] },
  web: { members: ['carol'], handoff: 'daily', start: '2026-01-05T09:00:00Z', overrides: [{ user: 'dave', from: '2026-01-10T00:00:00Z', to: '2026-01-11T00:00:00Z' }] },
  empty: { members: [], handoff: 'daily', start: '2026-01-05T09:00:00Z', overrides: [] },
};

describe('parseDuration', () => {
  it('reads ms syntax', () => {
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('5m')).toBe(300_000);
    expect(parseDuration('1.5h')).toBe(5_400_000);
    expect(parseDuration('1d')).toBe(86_400_000);
    expect(parseDuration('250')).toBe(250);
    expect(parseDuration('0s')).toBe(0);
  });

  it.each(['', 'soon', '-5m', '5 fortnights'])('refuses %j with a clear error', (text) => {
    expect(() => parseDuration(text)).toThrow(`Unexpected duration \`${text}\`, expected one such as 30s, 5m, 2h or 1d`);
  });
});

describe('escalationSteps', () => {
  const policy = {
    tiers: [
      { name: 'on-call', page: ['oncall'], ackWithin: '5m' },
      { name: 'lead', page: ['carol'], ackWithin: '10m' },
    ],
    repeat: 2,
  };

  it('lists every tier of every round in order', () => {
    expect(escalationSteps(policy)).toEqual([
      { tierIndex: 0, round: 0, ackWithinMs: 300_000 },
      { tierIndex: 1, round: 0, ackWithinMs: 600_000 },
      { tierIndex: 0, round: 1, ackWithinMs: 300_000 },
      { tierIndex: 1, round: 1, ackWithinMs: 600_000 },
      { tierIndex: 0, round: 2, ackWithinMs: 300_000 },
      { tierIndex: 1, round: 2, ackWithinMs: 600_000 },
    ]);
  });

  it('walks the tiers once without repeats, and has no steps without tiers', () => {
    expect(escalationSteps({ ...policy, repeat: 0 }).map((s) => s.tierIndex)).toEqual([0, 1]);
    expect(escalationSteps({ tiers: [], repeat: 3 })).toEqual([]);
  });

  it('throws on a bad ackWithin', () => {
    expect(() => escalationSteps({ tiers: [{ name: 't', page: ['a'], ackWithin: 'later' }], repeat: 0 })).toThrow('Unexpected duration `later`');
  });
});

describe('resolvePages', () => {
  const at = '2026-01-13T10:00:00Z'; // second week of db: bob; web: carol

  it('expands on-call teams and keeps user ids, each user once', () => {
    const tier = { name: 'first', page: ['oncall:db', 'oncall', 'erin', 'bob'], ackWithin: '5m' };
    expect(resolvePages(tier, rotations, at, 'web')).toEqual({ users: ['bob', 'carol', 'erin'], problems: [] });
  });

  it('takes the on-call at the given time, overrides included', () => {
    const tier = { name: 'first', page: ['oncall:web', 'oncall:db'], ackWithin: '5m' };
    expect(resolvePages(tier, rotations, new Date('2026-01-10T12:00:00Z'), 'db').users).toEqual(['dave', 'alice']);
  });

  it('returns unknown teams and broken rotations as problems', () => {
    const tier = { name: 'first', page: ['oncall:nope', 'oncall', 'oncall:empty', 'oncall:toString', 'frank'], ackWithin: '5m' };
    expect(resolvePages(tier, rotations, at, 'payments')).toEqual({
      users: ['frank'],
      problems: [
        'tier `first` pages `oncall:nope`, but there is no rotation `nope`',
        'tier `first` pages `oncall`, but there is no rotation `payments`',
        'tier `first` pages `oncall:empty`: A rotation needs at least one member',
        'tier `first` pages `oncall:toString`, but there is no rotation `toString`',
      ],
    });
  });
});

describe('routeFor', () => {
  const routes: IncidentRoute[] = [
    { match: { service: 'db', severity: 'critical' }, onClear: 'ask', escalation: 'dba' },
    { match: { service: 'db' }, onClear: 'resolve', team: 'db' },
    { match: {}, onClear: 'ask' },
  ];

  it('takes the first route whose labels all match', () => {
    expect(routeFor(routes, { service: 'db', severity: 'critical', alertname: 'X' })).toBe(routes[0]);
    expect(routeFor(routes, { service: 'db', severity: 'warning' })).toBe(routes[1]);
    expect(routeFor(routes, { service: 'web' })).toBe(routes[2]);
  });

  it('falls back to resolve-on-clear when nothing matches', () => {
    expect(routeFor(routes.slice(0, 2), { service: 'web' })).toEqual({ match: {}, onClear: 'resolve' });
    expect(routeFor([], {})).toEqual({ match: {}, onClear: 'resolve' });
  });
});
