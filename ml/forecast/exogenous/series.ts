/**
 * A series the user names as an extra input (another service's load, a marketing calendar,
 * the tweet volume of a brand, …), as `timestamp,value` points at any spacing up to hourly,
 * put on a target's hourly grid: points are summed or averaged per UTC hour, hours with no
 * point inside the series' span are filled by linear interpolation (and counted), hours outside
 * its span are NaN (and counted; the residual model imputes them). Reading the CSV is the
 * caller's job (`readSeriesCsv` of cli/commands/telemetry-csv.ts gives exactly `Points`); this
 * module stays in the domain layer, which may not import the CLI.
 */
import { HOUR_MS } from './calendar.js';

/** Timestamped points (epoch ms, ascending) with their values. */
export interface Points {
  timestamps: ArrayLike<number>;
  values: ArrayLike<number>;
}

export type Aggregate = 'sum' | 'mean';

export interface Hourly {
  /** Epoch ms of the first hour (on the hour). */
  start: number;
  /** One value per hour from `start`. */
  values: Float64Array;
  /** Hours with no point, filled by linear interpolation. */
  interpolated: number;
  /** Hours with fewer points than the series' usual spacing gives (sums are scaled up to a full hour). */
  partial: number;
}

/**
 * `points` per UTC hour. `sum` (counts per 5 minutes → per hour) scales an hour that has fewer
 * points than its spacing gives (a missing row, the first and last hour) up to the full hour:
 * sum · expected / present, so a gap does not read as a drop in load; `mean` averages.
 */
export function toHourly(points: Points, aggregate: Aggregate = 'mean'): Hourly {
  const n = points.timestamps.length;
  if (n === 0 || points.values.length !== n) throw new Error(`toHourly: ${n} timestamps and ${points.values.length} values; expected the same, non-zero number`);
  const ts = Array.from(points.timestamps);
  for (let i = 1; i < n; i++) if (!(ts[i]! > ts[i - 1]!)) throw new Error(`toHourly: timestamps must be strictly ascending (row ${i + 1})`);
  const gaps = ts.slice(1).map((t, i) => t - ts[i]!).sort((a, b) => a - b);
  const spacing = gaps.length > 0 ? gaps[gaps.length >> 1]! : HOUR_MS;
  const expected = Math.max(1, Math.round(HOUR_MS / spacing));
  const first = Math.floor(ts[0]! / HOUR_MS);
  const length = Math.floor(ts[n - 1]! / HOUR_MS) - first + 1;
  const sums = new Float64Array(length);
  const counts = new Float64Array(length);
  for (let i = 0; i < n; i++) {
    const b = Math.floor(ts[i]! / HOUR_MS) - first;
    sums[b]! += points.values[i]!;
    counts[b]!++;
  }
  const values = new Float64Array(length).fill(Number.NaN);
  let partial = 0;
  for (let b = 0; b < length; b++) {
    const c = counts[b]!;
    if (c === 0) continue;
    if (aggregate === 'mean') values[b] = sums[b]! / c;
    else if (c < expected) {
      values[b] = (sums[b]! * expected) / c;
      partial++;
    } else values[b] = sums[b]!;
  }
  return { start: first * HOUR_MS, values, interpolated: interpolateGaps(values), partial };
}

/** Fills NaN runs between two finite values by linear interpolation, in place; returns how many it filled (edges stay NaN). */
export function interpolateGaps(values: Float64Array): number {
  let filled = 0;
  let last = -1;
  for (let i = 0; i < values.length; i++) {
    if (Number.isNaN(values[i]!)) continue;
    if (last >= 0 && i - last > 1) {
      const a = values[last]!;
      const b = values[i]!;
      for (let j = last + 1; j < i; j++) values[j] = a + ((b - a) * (j - last)) / (i - last);
      filled += i - last - 1;
    }
    last = i;
  }
  return filled;
}

export interface Aligned {
  /** One value per grid timestamp; NaN outside the extra series' span. */
  values: Float64Array;
  /** Grid hours inside the extra series' span that had no point and were interpolated. */
  interpolated: number;
  /** Grid hours before its first or after its last point (NaN). */
  outside: number;
}

export interface AlignOptions {
  aggregate?: Aggregate;
  /** Added to every extra-series timestamp before aligning (e.g. whole weeks, to line a control series up with the target). */
  shiftMs?: number;
}

/** `points` on the hourly grid `grid` (epoch ms, each read as the UTC hour it falls in). */
export function alignToGrid(points: Points, grid: readonly number[], options: AlignOptions = {}): Aligned {
  const shift = options.shiftMs ?? 0;
  const shifted = shift === 0 ? points : { timestamps: Array.from(points.timestamps, (t) => t + shift), values: points.values };
  const hourly = toHourly(shifted, options.aggregate ?? 'mean');
  const filled = new Uint8Array(hourly.values.length);
  // Which hours toHourly filled: the ones with no point.
  for (let i = 0; i < shifted.timestamps.length; i++) filled[Math.floor(shifted.timestamps[i]! / HOUR_MS) - hourly.start / HOUR_MS] = 1;
  const values = new Float64Array(grid.length);
  let interpolated = 0;
  let outside = 0;
  grid.forEach((t, i) => {
    const b = Math.floor(t / HOUR_MS) - hourly.start / HOUR_MS;
    if (b < 0 || b >= hourly.values.length) {
      values[i] = Number.NaN;
      outside++;
      return;
    }
    values[i] = hourly.values[b]!;
    if (filled[b] === 0) interpolated++;
  });
  return { values, interpolated, outside };
}
