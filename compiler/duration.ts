/**
 * Durations as a runbook writes them: `500ms`, `30s`, `5m`, `2h`, `1d`
 * (decimals allowed) or a number of milliseconds, at most 24 days. Timers of
 * 2^31 ms (about 24.8 days) or more fire at once in Node, and from 2^32 ms
 * they throw, so a longer step `timeout` or `wait` would end a run at once
 * instead of never.
 */

export const DURATION = /^\d+(\.\d+)?\s*(ms|s|m|h|d)$/;

/** The longest duration a runbook may ask for: 24 days, below 2^31 ms. */
export const MAX_DURATION_MS = 24 * 86_400_000;

/** The limit as messages and docs write it. */
export const MAX_DURATION = '24d';

const UNIT_MS: ReadonlyMap<string, number> = new Map([['ms', 1], ['s', 1000], ['m', 60_000], ['h', 3_600_000], ['d', 86_400_000]]);

/** Milliseconds of a duration that has the right shape; undefined otherwise. */
export function durationMs(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const match = DURATION.exec(value.trim());
  if (!match) return undefined;
  return Number.parseFloat(value.trim()) * UNIT_MS.get(match[2]!)!;
}

/** True for a well-formed duration longer than `MAX_DURATION_MS`. */
export function isTooLong(value: unknown): boolean {
  const ms = durationMs(value);
  return ms !== undefined && !(ms <= MAX_DURATION_MS);
}
