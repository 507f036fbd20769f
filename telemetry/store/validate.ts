/**
 * Checks a batch of rollups before anything is written: every problem of every rollup is collected
 * and the batch is refused as a whole with an `InvalidRollupError`, so a bad flush stores nothing.
 */
import { InvalidRollupError } from './errors.js';
import type { Rollup, RollupType } from '../rollup/types.js';

const TYPES: ReadonlySet<string> = new Set<RollupType>(['counter', 'gauge', 'timer', 'histogram', 'distribution', 'set']);
const REQUIRED_NUMBERS = ['count', 'sum', 'min', 'max'] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (typeof value === 'number') return `${value}`;
  return `a ${value === null ? 'null' : typeof value}`;
}

/** The problems of one rollup, each as `rollups[i].field: message`; empty when it is valid. */
function rollupIssues(value: unknown, i: number): string[] {
  const at = (field: string, message: string): string => `rollups[${i}].${field}: ${message}`;
  if (!isRecord(value)) return [`rollups[${i}]: expected an object, got ${describe(value)}`];
  const issues: string[] = [];
  for (const field of ['series', 'name'] as const) {
    const v = value[field];
    if (typeof v !== 'string' || v.length === 0) issues.push(at(field, `expected a non-empty string, got ${describe(v)}`));
  }
  if (typeof value['type'] !== 'string' || !TYPES.has(value['type'])) {
    issues.push(at('type', `expected one of ${[...TYPES].join(', ')}, got ${JSON.stringify(value['type']) ?? 'missing'}`));
  }
  const tags = value['tags'];
  if (!isRecord(tags)) issues.push(at('tags', `expected an object of strings, got ${describe(tags)}`));
  else for (const [k, v] of Object.entries(tags)) if (typeof v !== 'string') issues.push(at(`tags.${k}`, `expected a string, got ${describe(v)}`));
  for (const field of ['start', 'end'] as const) {
    const v = value[field];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) issues.push(at(field, `expected epoch milliseconds (a non-negative integer), got ${describe(v)}`));
  }
  if (typeof value['start'] === 'number' && typeof value['end'] === 'number' && value['end'] < value['start']) {
    issues.push(at('end', `ends (${value['end']}) before it starts (${value['start']})`));
  }
  for (const field of REQUIRED_NUMBERS) {
    const v = value[field];
    if (typeof v !== 'number' || !Number.isFinite(v)) issues.push(at(field, `expected a finite number, got ${describe(v)}`));
  }
  if (typeof value['count'] === 'number' && value['count'] < 0) issues.push(at('count', `must not be negative, got ${value['count']}`));
  for (const field of ['last', 'unique', 'rate', 'mean'] as const) {
    const v = value[field];
    if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v))) issues.push(at(field, `expected a finite number when present, got ${describe(v)}`));
  }
  const p = value['p'];
  if (p !== undefined) {
    if (!isRecord(p)) issues.push(at('p', `expected an object of numbers, got ${describe(p)}`));
    else {
      for (const [k, v] of Object.entries(p)) {
        if (k.length === 0) issues.push(at('p', 'a percentile name is empty'));
        if (typeof v !== 'number' || !Number.isFinite(v)) issues.push(at(`p.${k}`, `expected a finite number, got ${describe(v)}`));
      }
    }
  }
  return issues;
}

/** Returns the batch typed as rollups, or throws `InvalidRollupError` listing every problem. */
export function validateRollups(batch: unknown): readonly Rollup[] {
  if (!Array.isArray(batch)) throw new InvalidRollupError([`expected an array of rollups, got ${describe(batch)}`]);
  const issues = batch.flatMap((value, i) => rollupIssues(value, i));
  if (issues.length > 0) throw new InvalidRollupError(issues);
  return batch as Rollup[];
}
