/**
 * History on a regular grid: points at arbitrary times (several series summed per step) → one
 * value per step from the first step with data (a series younger than the range simply has a
 * shorter history) to `to`. Missing steps inside are filled by linear interpolation and counted;
 * trailing ones take the last value and count too. Too many missing steps is an error, not a
 * guess: a forecast from mostly invented data would plan capacity on nothing.
 */

export interface RegularSeries {
  timestamps: number[];
  values: number[];
  /** Steps that had no data and were interpolated. */
  filled: number;
}

export class HistoryGapError extends Error {
  override name = 'HistoryGapError';
}

/** Most steps that may be missing, as a fraction of the range, before `regularise` refuses. */
export const MAX_MISSING_FRACTION = 0.2;

export function regularise(points: Iterable<{ t: number; value: number }>, from: number, to: number, stepMs: number, what: string): RegularSeries {
  if (!(stepMs > 0) || to <= from) throw new RangeError(`${what}: empty range (from ${from}, to ${to}, step ${stepMs})`);
  const start = Math.ceil(from / stepMs) * stepMs;
  const count = Math.floor((to - 1 - start) / stepMs) + 1;
  if (count <= 0) throw new RangeError(`${what}: the range holds no whole step of ${stepMs} ms`);
  const sums = new Array<number | undefined>(count).fill(undefined);
  for (const p of points) {
    if (!Number.isFinite(p.value)) continue;
    const i = Math.round((p.t - start) / stepMs);
    if (i < 0 || i >= count) continue;
    sums[i] = (sums[i] ?? 0) + p.value;
  }
  const first = sums.findIndex((v) => v !== undefined);
  if (first < 0) throw new HistoryGapError(`${what}: no data between ${iso(start)} and ${iso(to)}`);
  const kept = sums.slice(first);
  const begin = start + first * stepMs;
  let known = 0;
  for (const v of kept) if (v !== undefined) known++;
  const missing = kept.length - known;
  if (missing / kept.length > MAX_MISSING_FRACTION) {
    throw new HistoryGapError(
      `${what}: ${missing} of ${kept.length} steps between ${iso(begin)} and ${iso(to)} have no data (more than ${MAX_MISSING_FRACTION * 100} %); check the metric and labels, or shorten the history`,
    );
  }
  const values = fill(kept);
  return { timestamps: values.map((_, i) => begin + i * stepMs), values, filled: missing };
}

function fill(sums: readonly (number | undefined)[]): number[] {
  const out = new Array<number>(sums.length);
  let last = -1;
  for (let i = 0; i < sums.length; i++) {
    const v = sums[i];
    if (v === undefined) continue;
    if (last === -1) for (let j = 0; j < i; j++) out[j] = v;
    else for (let j = last + 1; j < i; j++) out[j] = sums[last]! + ((v - sums[last]!) * (j - last)) / (i - last);
    out[i] = v;
    last = i;
  }
  for (let j = last + 1; j < sums.length; j++) out[j] = sums[last]!;
  return out;
}

function iso(t: number): string {
  return new Date(t).toISOString();
}
