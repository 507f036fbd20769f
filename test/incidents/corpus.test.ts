// The alert bodies the receiver's tests use (test/fixtures/alerts): the parsers accept the
// valid ones and refuse each malformed one for the reason the corpus names.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAlertmanager } from '../../incidents/alertmanager.js';
import { parseGeneric } from '../../incidents/generic.js';

const fixtures = new URL('../fixtures/alerts/', import.meta.url);
const json = (file: string): unknown => JSON.parse(readFileSync(new URL(file, fixtures), 'utf8'));
const RECEIVED = '2026-12-05T13:09:00.000Z';

interface Case {
  file: string;
  endpoint: string;
  reason: string;
}
/** Refusals the receiver makes before a parser sees the body. */
const RECEIVERS_OWN = new Set(['invalid-json', 'body-too-large']);
const cases = (json('malformed/cases.json') as Case[]).filter((c) => !RECEIVERS_OWN.has(c.reason));

describe('the alert corpus', () => {
  it('accepts the valid bodies', () => {
    expect(parseAlertmanager(json('alertmanager-v4.json'), RECEIVED)).toMatchObject({
      ok: true,
      alerts: [{ service: 'db', dedupeKey: 'd40fc7db1abbc59f', name: 'DiskFull', severity: 'critical', startsAt: '2026-12-05T13:08:47.274Z' }],
    });
    expect(parseGeneric(json('generic.json'), RECEIVED)).toMatchObject({ ok: true, alerts: [{ service: 'malformed-corpus', name: 'DiskFull', severity: 'critical' }] });
  });

  it('has malformed bodies for the parsers', () => {
    expect(cases.length).toBeGreaterThan(5);
  });

  it.each(cases.map((c) => [c.file, c] as const))('refuses %s', (_file, c) => {
    const parse = c.endpoint === '/api/alertmanager' ? parseAlertmanager : parseGeneric;
    expect(parse(json(`malformed/${c.file}`), RECEIVED)).toMatchObject({ ok: false, reason: c.reason });
  });
});
