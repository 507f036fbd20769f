import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_GENERIC_ALERTS, parseGeneric } from '../../incidents/generic.js';
import type { ParseResult } from '../../incidents/intake.js';
import { labelKey } from '../../incidents/labels.js';

const RECEIVED = '2026-03-01T12:00:05.000Z';

function accepted(result: ParseResult) {
  if (!result.ok) throw new Error(`refused: ${result.reason}: ${result.message}`);
  return result.alerts;
}

describe('parseGeneric', () => {
  it('takes one alert with defaults: firing, warning, received time, the labels key', () => {
    const [alert, ...rest] = accepted(parseGeneric({ name: 'QueueBacklog', service: 'billing', labels: { queue: 'invoices' } }, RECEIVED));
    expect(rest).toEqual([]);
    expect(alert).toEqual({
      source: 'generic',
      service: 'billing',
      dedupeKey: labelKey({ queue: 'invoices', alertname: 'QueueBacklog', service: 'billing' }),
      name: 'QueueBacklog',
      status: 'firing',
      severity: 'warning',
      labels: { queue: 'invoices', alertname: 'QueueBacklog', service: 'billing' },
      annotations: {},
      startsAt: RECEIVED,
      receivedAt: RECEIVED,
    });
  });

  it('takes every field, and an array', () => {
    const body = [
      { name: 'A', service: 's', status: 'resolved', severity: 'critical', dedupeKey: 'k-1', labels: { service: 'other', x: '1' }, annotations: { runbook: 'r' }, startsAt: '2026-03-01T13:00:00+01:00' },
      { name: 'B', service: 's' },
    ];
    const [a, b] = accepted(parseGeneric(body, RECEIVED, 'cli'));
    expect(a).toEqual({
      source: 'cli',
      service: 's',
      dedupeKey: 'k-1',
      name: 'A',
      status: 'resolved',
      severity: 'critical',
      // The fields win over labels of the same name.
      labels: { service: 's', x: '1', alertname: 'A', severity: 'critical' },
      annotations: { runbook: 'r' },
      startsAt: '2026-03-01T12:00:00.000Z',
      receivedAt: RECEIVED,
    });
    expect(b?.name).toBe('B');
  });

  it('keeps one incident when only the severity changes', () => {
    const [warning] = accepted(parseGeneric({ name: 'A', service: 's', severity: 'warning' }, RECEIVED));
    const [critical] = accepted(parseGeneric({ name: 'A', service: 's', severity: 'critical' }, RECEIVED));
    const [other] = accepted(parseGeneric({ name: 'B', service: 's', severity: 'critical' }, RECEIVED));
    expect(critical?.dedupeKey).toBe(warning?.dedupeKey);
    expect(other?.dedupeKey).not.toBe(warning?.dedupeKey);
  });

  it('takes the severity label when no severity field is given', () => {
    const [alert] = accepted(parseGeneric({ name: 'A', service: 's', labels: { severity: 'page' } }, RECEIVED));
    expect(alert?.severity).toBe('page');
  });

  it.each([
    ['an empty array', [], 'no-alerts', '(body): empty array'],
    ['too many alerts', Array.from({ length: MAX_GENERIC_ALERTS + 1 }, () => ({ name: 'a', service: 's' })), 'too-many-alerts', '(body): 1001 alerts, expected at most 1000'],
    ['a string', 'fire!', 'bad-shape', '(body): '],
    ['no name', { service: 's' }, 'bad-shape', 'name: '],
    ['an empty service', { name: 'a', service: '' }, 'bad-shape', 'service: expected a non-empty string'],
    ['a misspelt field', { name: 'a', service: 's', severty: 'critical' }, 'bad-shape', 'severty: Unrecognized key'],
    ['an unknown status', { name: 'a', service: 's', status: 'open' }, 'bad-shape', 'status: '],
    ['a number label', { name: 'a', service: 's', labels: { code: 500 } }, 'bad-shape', 'labels.code: '],
    ['a bad time', { name: 'a', service: 's', startsAt: 'now' }, 'bad-time', 'startsAt: expected an RFC 3339 time'],
    ['a bad item in an array', [{ name: 'a', service: 's' }, { name: 'b' }], 'bad-shape', '[1].service: '],
    ['a bad time in an array', [{ name: 'a', service: 's' }, { name: 'b', service: 's', startsAt: '2026-13-01T00:00:00Z' }], 'bad-time', '[1].startsAt: '],
  ])('refuses %s', (_what, body, reason, message) => {
    const result = parseGeneric(body, RECEIVED);
    expect(result).toMatchObject({ ok: false, reason });
    expect(result.ok ? '' : result.message).toContain(message);
  });

  it('takes exactly the maximum', () => {
    const body = Array.from({ length: MAX_GENERIC_ALERTS }, (_, i) => ({ name: `a${i}`, service: 's' }));
    expect(accepted(parseGeneric(body, RECEIVED))).toHaveLength(MAX_GENERIC_ALERTS);
  });

  it('never throws, whatever the JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (body) => {
        const result = parseGeneric(body, RECEIVED);
        if (!result.ok) expect(result.message.length).toBeGreaterThan(0);
      }),
    );
  });
});
