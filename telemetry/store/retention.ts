/**
 * Retention settings: how long raw rollups are kept before `compact()` rolls them into
 * `downsampleStep` buckets, and how long those buckets are kept. Durations are `ms` strings
 * (`'7d'`, `'5m'`) or milliseconds.
 */
import ms, { type StringValue } from 'ms';
import { InvalidStoreArgumentError } from './errors.js';

export type Duration = string | number;

export interface RetentionOptions {
  /** Raw rollups older than this are downsampled. Default `'7d'`. */
  raw?: Duration;
  /** Downsampled buckets older than this are deleted. Default `'90d'`. */
  downsampled?: Duration;
  /** The downsampled bucket width. Default `'5m'`. */
  downsampleStep?: Duration;
}

/** Retention in milliseconds. */
export interface Retention {
  raw: number;
  downsampled: number;
  downsampleStep: number;
}

export const DEFAULT_RETENTION: Readonly<Required<RetentionOptions>> = Object.freeze({ raw: '7d', downsampled: '90d', downsampleStep: '5m' });

/** A duration in whole milliseconds, > 0; throws `InvalidStoreArgumentError` naming the setting. */
export function parseDuration(value: Duration, setting: string): number {
  let parsed: unknown;
  try {
    parsed = typeof value === 'number' ? value : ms(value as StringValue);
  } catch {
    parsed = undefined; // ms throws on an empty or over-long string
  }
  if (typeof parsed !== 'number' || !Number.isSafeInteger(parsed) || parsed <= 0) {
    throw new InvalidStoreArgumentError(`${setting}: expected a positive duration such as '5m' or '7d' (whole milliseconds), got ${JSON.stringify(value)}`);
  }
  return parsed;
}

/** Parses and checks retention: the step is shorter than either retention, raw ≤ downsampled. */
export function parseRetention(options: RetentionOptions = {}): Retention {
  const raw = parseDuration(options.raw ?? DEFAULT_RETENTION.raw, 'retention.raw');
  const downsampled = parseDuration(options.downsampled ?? DEFAULT_RETENTION.downsampled, 'retention.downsampled');
  const downsampleStep = parseDuration(options.downsampleStep ?? DEFAULT_RETENTION.downsampleStep, 'retention.downsampleStep');
  if (downsampled < raw) throw new InvalidStoreArgumentError(`retention.downsampled (${downsampled} ms) is shorter than retention.raw (${raw} ms)`);
  if (downsampleStep > raw) throw new InvalidStoreArgumentError(`retention.downsampleStep (${downsampleStep} ms) is longer than retention.raw (${raw} ms)`);
  return { raw, downsampled, downsampleStep };
}
