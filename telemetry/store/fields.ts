/**
 * What a query reads, and how rows are combined when several fall in one bucket (a `step`, or a
 * downsampled row next to raw ones): sums for `count`/`sum`, min/max for `min`/`max`, the weighted
 * mean Σsum/Σcount for `mean`, Σcount per second covered for `rate`, the latest value for `last`,
 * the max for `unique` (a lower bound of a union of sets) and the average over the raw windows
 * for a percentile (`p50`, `p99.9`, …: an approximation, percentiles do not compose).
 */
import type { RollupType } from '../rollup/types.js';
import { InvalidStoreArgumentError } from './errors.js';

export type PercentileField = `p${string}`;
export type Field = 'count' | 'sum' | 'min' | 'max' | 'mean' | 'rate' | 'last' | 'unique' | PercentileField;

const SIMPLE: Readonly<Record<Exclude<Field, PercentileField>, string>> = {
  count: 'sum(cnt)',
  sum: 'sum(sum_v)',
  min: 'min(min_v)',
  max: 'max(max_v)',
  mean: 'sum(sum_v) / nullif(sum(cnt), 0)',
  rate: 'sum(cnt) * 1000.0 / nullif(sum(span_ms), 0)',
  last: 'arg_max(last_v, last_at) FILTER (WHERE last_v IS NOT NULL)',
  unique: 'max(uniq)',
};

/** The field a query reads when it names none: what the type is about. */
export function defaultField(type: RollupType): Field {
  switch (type) {
    case 'counter':
      return 'sum';
    case 'gauge':
      return 'last';
    case 'set':
      return 'unique';
    default:
      return 'mean';
  }
}

/** Checks a field name; throws `InvalidStoreArgumentError` for an unknown one. */
export function parseField(field: string): Field {
  if (Object.hasOwn(SIMPLE, field)) return field as Field;
  if (field.length > 1 && field.startsWith('p')) return field as PercentileField;
  throw new InvalidStoreArgumentError(`unknown field ${JSON.stringify(field)}: expected ${Object.keys(SIMPLE).join(', ')} or a percentile such as p99`);
}

/** The aggregate SQL of a field over the rows of a bucket; a percentile reads `$pkey`. */
export function aggregateSql(field: Field): { sql: string; pkey?: string } {
  if (Object.hasOwn(SIMPLE, field)) return { sql: SIMPLE[field as keyof typeof SIMPLE] };
  return {
    sql: 'sum(pct[$pkey] * n) / sum(CASE WHEN pct[$pkey] IS NOT NULL THEN n END)',
    pkey: field,
  };
}
