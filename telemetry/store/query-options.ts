/**
 * A query's options and their checks: which series (name, key, tags, all of them ANDed), which
 * time range (`from` inclusive, `to` exclusive, on each row's start), the bucket `step` and the
 * field. A malformed option throws `InvalidStoreArgumentError` naming it.
 */
import { InvalidStoreArgumentError } from './errors.js';
import { parseField, type Field } from './fields.js';
import type { PointsRange } from './query.js';
import type { SeriesFilter } from './series-catalog.js';

export interface QueryOptions extends SeriesFilter {
  /** Epoch ms, inclusive. */
  from: number;
  /** Epoch ms, exclusive. */
  to: number;
  /** Downsample into buckets of this many ms (aligned to the epoch); each row is its own point when absent. */
  step?: number;
  /** What to read; by default what the series' type is about (`defaultField`). */
  field?: Field;
}

export interface CheckedQuery {
  filter: SeriesFilter;
  range: PointsRange;
  field: Field | undefined;
}

function epochMs(value: unknown, option: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new InvalidStoreArgumentError(`${option}: expected epoch milliseconds (a non-negative integer), got ${String(value)}`);
  }
  return value;
}

function optionalString(value: unknown, option: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new InvalidStoreArgumentError(`${option}: expected a string, got ${typeof value}`);
  return value;
}

/** Checks a series filter (a copy without absent conditions). */
export function checkFilter(options: SeriesFilter): SeriesFilter {
  const filter: SeriesFilter = {};
  const name = optionalString(options.name, 'name');
  const series = optionalString(options.series, 'series');
  if (name !== undefined) filter.name = name;
  if (series !== undefined) filter.series = series;
  if (options.tags !== undefined) {
    if (typeof options.tags !== 'object' || options.tags === null) throw new InvalidStoreArgumentError('tags: expected an object of strings');
    for (const [k, v] of Object.entries(options.tags)) optionalString(v, `tags.${k}`);
    filter.tags = options.tags;
  }
  return filter;
}

/** Checks a query's options. */
export function checkQuery(options: QueryOptions): CheckedQuery {
  const filter = checkFilter(options);
  const from = epochMs(options.from, 'from');
  const to = epochMs(options.to, 'to');
  if (to < from) throw new InvalidStoreArgumentError(`to (${to}) is before from (${from})`);
  const range: PointsRange = { from, to };
  if (options.step !== undefined) {
    if (!Number.isSafeInteger(options.step) || options.step < 1) throw new InvalidStoreArgumentError(`step: expected a positive number of milliseconds, got ${options.step}`);
    range.step = options.step;
  }
  return { filter, range, field: options.field === undefined ? undefined : parseField(options.field) };
}
