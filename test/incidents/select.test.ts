import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchesLabels } from '../../incidents/labels.js';
import { selectRunbook } from '../../incidents/select.js';
import type { RunbookCandidate } from '../../incidents/types.js';

const rb = (id: string, match: Record<string, string>): RunbookCandidate => ({ id, title: `Runbook ${id}`, file: `runbooks/${id}.md`, match });

describe('selectRunbook', () => {
  const disk = rb('disk-full', { alertname: 'DiskFull' });
  const dbDisk = rb('db-disk-full', { alertname: 'DiskFull', service: 'db' });
  const dbAny = rb('db-any', { service: 'db' });
  const noMatch = rb('generic', {});

  it('chooses the most specific matching runbook', () => {
    const choice = selectRunbook([disk, dbDisk, dbAny, noMatch], { alertname: 'DiskFull', service: 'db', severity: 'critical' });
    expect(choice).toEqual({ chosen: dbDisk, ties: [dbDisk] });
  });

  it('skips runbooks whose labels differ or are missing', () => {
    expect(selectRunbook([disk, dbDisk, dbAny], { alertname: 'DiskFull', service: 'web' })).toEqual({ chosen: disk, ties: [disk] });
    expect(selectRunbook([dbDisk], { alertname: 'DiskFull' })).toEqual({ ties: [] });
  });

  it('never matches a runbook without match, even for an incident without labels', () => {
    expect(selectRunbook([noMatch], {})).toEqual({ ties: [] });
    expect(selectRunbook([noMatch], { service: 'db' })).toEqual({ ties: [] });
  });

  it('returns all equally specific matches as ties sorted by id, the first chosen', () => {
    const z = rb('zeta', { service: 'db' });
    const a = rb('Alpha', { alertname: 'DiskFull' });
    const m = rb('mid', { severity: 'critical' });
    const choice = selectRunbook([z, m, a], { alertname: 'DiskFull', service: 'db', severity: 'critical' });
    expect(choice.chosen).toBe(a);
    expect(choice.ties.map((c) => c.id)).toEqual(['Alpha', 'mid', 'zeta']);
  });

  const labelNames = fc.constantFrom('alertname', 'service', 'severity', 'team');
  const values = fc.constantFrom('a', 'b');
  const labelSets = fc.dictionary(labelNames, values);
  const candidates = fc.uniqueArray(fc.record({ id: fc.string({ minLength: 1, maxLength: 4 }), match: labelSets }), { selector: (c) => c.id, maxLength: 8 }).map((cs) => cs.map((c) => rb(c.id, c.match)));

  it('properties: chosen matches and is most specific; ties are exactly the best', () => {
    fc.assert(
      fc.property(candidates, labelSets, (cands, labels) => {
        const choice = selectRunbook(cands, labels);
        const matching = cands.filter((c) => Object.keys(c.match).length > 0 && matchesLabels(c.match, labels));
        if (matching.length === 0) {
          expect(choice).toEqual({ ties: [] });
          return;
        }
        const chosen = choice.chosen!;
        const size = (c: RunbookCandidate) => Object.keys(c.match).length;
        expect(matchesLabels(chosen.match, labels)).toBe(true);
        expect(size(chosen)).toBeGreaterThan(0);
        for (const c of matching) expect(size(c)).toBeLessThanOrEqual(size(chosen));
        expect(new Set(choice.ties)).toEqual(new Set(matching.filter((c) => size(c) === size(chosen))));
        expect(choice.ties[0]).toBe(chosen);
        expect(choice.ties.map((c) => c.id)).toEqual(choice.ties.map((c) => c.id).sort());
      }),
    );
  });

  it('does not depend on the order of the candidates', () => {
    fc.assert(
      fc.property(candidates, labelSets, (cands, labels) => {
        expect(selectRunbook([...cands].reverse(), labels)).toEqual(selectRunbook(cands, labels));
      }),
    );
  });
});
