/**
 * Per-window normalisation shared by the learned forecasters. A window is scaled by its level (the
 * mean of its last `season` points) and, by default, log-transformed: z = log((v + offset) / level).
 * The offset is 0 for a positive series and shifts a series with zeros or negatives above 0, so
 * the log is defined; `ratio` uses z = (v + offset) / level − 1 instead. Forecasts are decoded with
 * the same level and offset, so a model never sees a series' absolute scale.
 */
export type Transform = 'log' | 'ratio';

/** Bounds on normalised values: a 150-fold jump either way is treated as an outlier. */
const CLIP = 5;

/** The shift that puts every value of a series above 0 (0 when it already is). */
export function seriesOffset(values: ArrayLike<number>): number {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!(min <= 0)) return 0;
  const range = max - min;
  return -min + (range > 0 ? 0.01 * range : 1);
}

/** The level of the window values[end − lookback, end): mean of its last `season` points, plus offset. */
export function windowLevel(values: ArrayLike<number>, end: number, season: number, offset: number): number {
  const from = Math.max(0, end - season);
  let sum = 0;
  for (let i = from; i < end; i++) sum += values[i]! + offset;
  const level = sum / Math.max(1, end - from);
  return level > 1e-9 ? level : 1e-9;
}

export function encode(v: number, level: number, offset: number, transform: Transform): number {
  const r = (v + offset) / level;
  const z = transform === 'log' ? Math.log(r > 1e-6 ? r : 1e-6) : r - 1;
  return z > CLIP ? CLIP : z < -CLIP ? -CLIP : z;
}

export function decode(z: number, level: number, offset: number, transform: Transform): number {
  return (transform === 'log' ? Math.exp(z) : z + 1) * level - offset;
}

/**
 * Writes the normalised window values[end − lookback, end) into out[at …]. Points before the
 * series start (a series shorter than the lookback) repeat its first season, continued backwards.
 */
export function encodeWindow(
  values: ArrayLike<number>,
  end: number,
  lookback: number,
  season: number,
  level: number,
  offset: number,
  transform: Transform,
  out: Float32Array,
  at: number,
): void {
  const m = Math.max(1, Math.min(season, end));
  for (let k = 0; k < lookback; k++) {
    let i = end - lookback + k;
    if (i < 0) i = (((i % m) + m) % m);
    out[at + k] = encode(values[i]!, level, offset, transform);
  }
}
