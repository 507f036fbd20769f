/**
 * A user-named extra series on the target's hourly grid: read with the CLI's CSV reader, summed
 * or averaged per hour, gaps inside its span interpolated and counted, hours outside it NaN.
 * With the NAB corpus present, NYC taxi's 30-minute counts sum to 5160 full hours.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readSeriesCsv } from '../../../cli/commands/telemetry-csv.js';
import { HOUR_MS, WEEK_MS } from '../../../ml/forecast/exogenous/calendar.js';
import { alignToGrid, interpolateGaps, toHourly } from '../../../ml/forecast/exogenous/series.js';
import { corpusFor } from '../../support/shared-data.js';

const dir = mkdtempSync(join(tmpdir(), 'swaybot-exo-series-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('extra series alignment', () => {
  // Half-hourly points 00:00–05:30 with hour 02 missing entirely and 04:30 missing.
  const rows = [
    ['2024-03-04 00:00:00', 1], ['2024-03-04 00:30:00', 3],
    ['2024-03-04 01:00:00', 5], ['2024-03-04 01:30:00', 7],
    ['2024-03-04 03:00:00', 9], ['2024-03-04 03:30:00', 11],
    ['2024-03-04 04:00:00', 20],
    ['2024-03-04 05:00:00', 2], ['2024-03-04 05:30:00', 4],
  ] as const;
  const file = join(dir, 'extra.csv');
  writeFileSync(file, `timestamp,value\n${rows.map((r) => r.join(',')).join('\n')}\n`);
  const points = readSeriesCsv(file);
  const t0 = Date.parse('2024-03-04T00:00:00Z');
  const grid = Array.from({ length: 9 }, (_, i) => t0 + (i - 1) * HOUR_MS); // 23:00 the day before … 07:00

  it('averages per hour, interpolates the gap and marks hours outside the span', () => {
    const a = alignToGrid(points, grid);
    expect(Array.from(a.values)).toEqual([NaN, 2, 6, 8, 10, 20, 3, NaN, NaN]);
    expect(a.interpolated).toBe(1);
    expect(a.outside).toBe(3);
  });

  it('sums per hour, scaling an hour with a missing row up to the full hour', () => {
    const h = toHourly(points, 'sum');
    expect(h.start).toBe(t0);
    expect(Array.from(h.values)).toEqual([4, 12, 16, 20, 40, 6]);
    expect(h.partial).toBe(1);
    expect(h.interpolated).toBe(1);
  });

  it('shifts a control series by whole weeks onto the target', () => {
    const later = grid.map((t) => t + 2 * WEEK_MS);
    const a = alignToGrid(points, later, { shiftMs: 2 * WEEK_MS });
    expect(Array.from(a.values)).toEqual([NaN, 2, 6, 8, 10, 20, 3, NaN, NaN]);
  });

  it('rejects timestamps that do not ascend, and interpolates only between known values', () => {
    expect(() => toHourly({ timestamps: [2, 1], values: [0, 0] })).toThrow(/ascending/);
    const v = Float64Array.from([NaN, 1, NaN, NaN, 4, NaN]);
    expect(interpolateGaps(v)).toBe(2);
    expect(Array.from(v)).toEqual([NaN, 1, 2, 3, 4, NaN]);
  });
});

const nab = corpusFor('test/ml/forecast-exogenous/series.test.ts', 'nab');

describe.runIf(nab.dir !== undefined)('NAB NYC taxi on an hourly grid', () => {
  it('sums the 30-minute counts into 5160 full hours, total kept', () => {
    const s = readSeriesCsv(join(nab.dir ?? '', 'data', 'realKnownCause', 'nyc_taxi.csv'));
    const h = toHourly(s, 'sum');
    expect(h.values).toHaveLength(5160);
    expect(h.interpolated).toBe(0);
    expect(h.partial).toBe(0);
    expect(h.start).toBe(Date.parse('2014-07-01T00:00:00Z'));
    const total = (xs: ArrayLike<number>): number => Array.from(xs).reduce((a, b) => a + b, 0);
    expect(total(h.values)).toBe(total(s.values));
  });
});
