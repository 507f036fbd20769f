/**
 * Retention by `compact(now)`: raw rows past the raw retention roll into step buckets that keep
 * every total (and every step-aligned query) unchanged, rows past the downsampled retention go,
 * a re-appended old window is skipped rather than counted twice, and all of it survives reopen.
 */
import { describe, expect, it } from 'vitest';
import type { Rollup } from '../../telemetry/rollup/types.js';
import type { Field, TimeSeriesStore } from '../../telemetry/store/index.js';
import { HOUR, MIN, SEC, T0, openStore, rollup, tempStorePath } from './store-support.js';

const RETENTION = { raw: '1h', downsampled: '1d', downsampleStep: '5m' };
const NOW = T0 + 3 * HOUR;

/** Three hours of 10 s timer windows for two hosts, with deterministic varied values. */
function threeHours(): Rollup[] {
  const out: Rollup[] = [];
  for (let w = 0; w < (3 * HOUR) / (10 * SEC); w++) {
    for (const host of ['a', 'b']) {
      const count = 1 + ((w * 7 + host.charCodeAt(0)) % 5);
      const min = (w % 13) + 1;
      const max = min + (w % 7) + 3;
      const p = { p50: min + 1, p99: max - 0.5 };
      out.push(rollup('rpc.time', { host }, T0 + w * 10 * SEC, { count, sum: count * (min + 2), min, max, p, last: max }, 'timer'));
    }
  }
  return out;
}

const FIELDS: Field[] = ['count', 'sum', 'min', 'max', 'mean', 'rate', 'last', 'p50', 'p99'];

async function snapshot(store: TimeSeriesStore, step: number): Promise<Record<string, number[][]>> {
  const out: Record<string, number[][]> = {};
  for (const field of FIELDS) {
    const series = await store.query({ name: 'rpc.time', field, from: 0, to: NOW, step });
    out[field] = series.map((s) => s.points.map((p) => p.value));
  }
  return out;
}

function expectClose(actual: Record<string, number[][]>, expected: Record<string, number[][]>): void {
  expect(Object.keys(actual)).toEqual(Object.keys(expected));
  for (const [field, series] of Object.entries(expected)) {
    expect(actual[field]!.map((s) => s.length), field).toEqual(series.map((s) => s.length));
    series.forEach((values, i) => values.forEach((v, j) => expect(actual[field]![i]![j], `${field}[${i}][${j}]`).toBeCloseTo(v, 9)));
  }
}

describe('TimeSeriesStore compaction', () => {
  it('rolls old raw rows into step buckets keeping totals, and deletes beyond retention', async () => {
    const path = tempStorePath();
    const store = await openStore(path, { retention: RETENTION });
    const data = threeHours();
    const expired = [0, 1, 2].map((w) => rollup('old.metric', {}, NOW - 2 * 24 * HOUR + w * 10 * SEC, { count: 3, sum: 3 }));
    await store.append([...data, ...expired]);
    const totalsBefore = await snapshot(store, 24 * HOUR);
    const bucketsBefore = await snapshot(store, 5 * MIN);
    const countsBefore = data.reduce((n, r) => n + r.count, 0);
    expect(totalsBefore['count']!.flat().reduce((a, b) => a + b, 0)).toBe(countsBefore);

    const report = await store.compact(NOW);
    // Raw rows before now − 1h (here exactly T0 + 2h) roll up: 720 windows × 2 hosts into 24 buckets × 2.
    expect(report).toMatchObject({ rolled: 1440, buckets: 48, expired: 3, rawCutoff: T0 + 2 * HOUR, downsampledCutoff: NOW - 24 * HOUR });
    expect(report.droppedSeries).toHaveLength(1);
    expect((await store.listSeries()).map((s) => s.name)).toEqual(['rpc.time', 'rpc.time']);
    expect(await store.query({ name: 'old.metric', from: 0, to: NOW })).toEqual([]);

    expectClose(await snapshot(store, 24 * HOUR), totalsBefore);
    expectClose(await snapshot(store, 5 * MIN), bucketsBefore);
    // Without a step: 24 five-minute buckets, then the last hour's 360 raw windows.
    const [a] = await store.query({ series: 'rpc.time|ms|#host:a', field: 'count', from: 0, to: NOW });
    expect(a!.points).toHaveLength(24 + 360);
    expect(a!.points[1]!.t - a!.points[0]!.t).toBe(5 * MIN);
    expect(a!.points[24]!.t).toBe(T0 + 2 * HOUR);

    // A retried flush of an already-compacted window is skipped, not counted twice.
    expect(await store.append([data[0]!, data.at(-1)!])).toEqual({ written: 1, replaced: 1, skipped: 1, newSeries: 0 });
    expectClose(await snapshot(store, 24 * HOUR), totalsBefore);
    // Compacting again at the same time changes nothing.
    expect(await store.compact(NOW)).toMatchObject({ rolled: 0, buckets: 0, expired: 0, droppedSeries: [] });
    await store.close();

    // All of it (the watermark too) survives reopen; a day later everything has expired.
    const again = await openStore(path, { retention: RETENTION });
    expectClose(await snapshot(again, 24 * HOUR), totalsBefore);
    expect(await again.append([data[2]!])).toEqual({ written: 0, replaced: 0, skipped: 1, newSeries: 0 });
    const later = await again.compact(NOW + 25 * HOUR);
    expect(later.expired).toBe(48 + 720);
    expect(later.droppedSeries).toHaveLength(2);
    expect(await again.listSeries()).toEqual([]);
  });

  it('compacts incrementally: later runs roll only what has aged since', async () => {
    const store = await openStore(':memory:', { retention: { raw: '10m', downsampled: '1d', downsampleStep: '5m' } });
    const at = (m: number, count: number) => rollup('inc', {}, T0 + m * MIN, { count, sum: count, min: count, max: count, last: count }, 'gauge');
    await store.append([at(0, 2), at(1, 3), at(6, 4)]);
    expect(await store.compact(T0 + 20 * MIN)).toMatchObject({ rolled: 3, buckets: 2, rawCutoff: T0 + 10 * MIN });
    // At or after the watermark is still raw and accepted; before it is skipped.
    expect(await store.append([at(10, 5), at(12, 6), at(9, 100)])).toEqual({ written: 2, replaced: 0, skipped: 1, newSeries: 0 });
    expect(await store.compact(T0 + 26 * MIN)).toMatchObject({ rolled: 2, buckets: 1, rawCutoff: T0 + 15 * MIN });
    const [inc] = await store.query({ name: 'inc', field: 'count', from: 0, to: T0 + HOUR });
    expect(inc!.points).toEqual([{ t: T0, value: 5 }, { t: T0 + 5 * MIN, value: 4 }, { t: T0 + 10 * MIN, value: 11 }]);
    const [last] = await store.query({ name: 'inc', from: 0, to: T0 + HOUR, step: HOUR });
    expect(last).toMatchObject({ field: 'last', points: [{ t: T0, value: 6 }] });
  });
});
