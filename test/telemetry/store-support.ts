/** Helpers for the time-series store tests: a throwaway store path, a rollup factory, cleanup. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { Rollup } from '../../telemetry/rollup/types.js';
import { TimeSeriesStore, type TimeSeriesStoreOptions } from '../../telemetry/store/index.js';

/** 2026-01-01T00:00:00Z: aligned to every step the tests use. */
export const T0 = Date.UTC(2026, 0, 1);
export const SEC = 1000;
export const MIN = 60 * SEC;
export const HOUR = 60 * MIN;

export function tempStorePath(): string {
  return join(mkdtempSync(join(tmpdir(), 'swaybot-store-')), 'telemetry', 'metrics.duckdb');
}

/** A rollup of a 10 s window; the series key is derived from name, type and tags like `statsd/`'s. */
export function rollup(name: string, tags: Record<string, string>, start: number, fields: Partial<Rollup> = {}, type: Rollup['type'] = 'counter'): Rollup {
  const code = { counter: 'c', gauge: 'g', timer: 'ms', histogram: 'h', distribution: 'd', set: 's' }[type];
  const sorted = Object.keys(tags).sort().map((k) => `${k}:${tags[k]}`);
  const series = `${name}|${code}${sorted.length > 0 ? `|#${sorted.join(',')}` : ''}`;
  const count = fields.count ?? 1;
  return { series, name, type, tags, start, end: start + 10 * SEC, count, sum: count, min: 1, max: 1, rate: count / 10, ...fields };
}

const opened: TimeSeriesStore[] = [];

/** Opens a store that is closed after the test (closing twice is harmless). */
export async function openStore(path = ':memory:', options: TimeSeriesStoreOptions = {}): Promise<TimeSeriesStore> {
  const store = await TimeSeriesStore.open(path, options);
  opened.push(store);
  return store;
}

afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
});
