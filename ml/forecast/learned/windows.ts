/**
 * Training and validation windows cut from many series. A window ending at `end` has the input
 * values[end − lookback, end) and the target values[end, end + horizon), both normalised by the
 * input's level (scaling.ts). Training samples a series uniformly, then a cut point uniformly
 * among its last `historyLimit · horizon` cut points (N-BEATS' L_H: recent windows only), from a
 * seeded generator. With a holdout, the last `horizon` points of each series are kept out of
 * every training target and form one validation window per series.
 */
import { randomInt, type Random } from './rng.js';
import { encode, encodeWindow, seriesOffset, windowLevel, type Transform } from './scaling.js';

export interface WindowSpec {
  lookback: number;
  horizon: number;
  season: number;
  transform: Transform;
}

export interface Batch {
  /** rows × lookback, normalised inputs. */
  x: Float32Array;
  /** rows × horizon, normalised targets. */
  y: Float32Array;
  rows: number;
}

interface Prepared {
  values: readonly number[];
  offset: number;
  /** Cut points (window ends) allowed for training: [lo, hi]. */
  lo: number;
  hi: number;
}

export class WindowSampler {
  private readonly series: Prepared[];

  constructor(
    all: readonly (readonly number[])[],
    private readonly spec: WindowSpec,
    options: { historyLimit: number; holdout: boolean },
  ) {
    const { horizon, season, lookback } = spec;
    this.series = [];
    for (const values of all) {
      const hi = values.length - horizon - (options.holdout ? horizon : 0);
      if (hi < season) continue;
      const lo = Math.max(Math.min(lookback, hi), season, hi - options.historyLimit * horizon);
      this.series.push({ values, offset: seriesOffset(values), lo, hi });
    }
    if (this.series.length === 0) throw new Error(`no series is long enough to train on (each needs more than ${season + horizon * (options.holdout ? 2 : 1)} points)`);
  }

  get seriesCount(): number {
    return this.series.length;
  }

  /** `rows` windows drawn with `random`. */
  sample(rows: number, random: Random): Batch {
    const { lookback, horizon } = this.spec;
    const x = new Float32Array(rows * lookback);
    const y = new Float32Array(rows * horizon);
    for (let r = 0; r < rows; r++) {
      const s = this.series[randomInt(random, this.series.length)]!;
      const end = s.lo + randomInt(random, s.hi - s.lo + 1);
      this.write(s.values, s.offset, end, x, y, r);
    }
    return { x, y, rows };
  }

  private write(values: readonly number[], offset: number, end: number, x: Float32Array, y: Float32Array, row: number): void {
    const { lookback, horizon, season, transform } = this.spec;
    const level = windowLevel(values, end, season, offset);
    encodeWindow(values, end, lookback, season, level, offset, transform, x, row * lookback);
    for (let h = 0; h < horizon; h++) y[row * horizon + h] = encode(values[end + h]!, level, offset, transform);
  }
}

/** The validation windows: for each series long enough, the last `horizon` points as target. */
export function holdoutSeries(all: readonly (readonly number[])[], horizon: number, season: number): { history: number[]; actual: number[] }[] {
  const out: { history: number[]; actual: number[] }[] = [];
  for (const values of all) {
    if (values.length - 2 * horizon < season) continue;
    out.push({ history: values.slice(0, values.length - horizon), actual: values.slice(values.length - horizon) });
  }
  return out;
}

/** Normalised inputs for forecasting from the end of each history, with the level and offset to decode. */
export function encodeInputs(
  histories: readonly (readonly number[])[],
  spec: Omit<WindowSpec, 'horizon'>,
): { x: Float32Array; levels: Float64Array; offsets: Float64Array } {
  const { lookback, season, transform } = spec;
  const x = new Float32Array(histories.length * lookback);
  const levels = new Float64Array(histories.length);
  const offsets = new Float64Array(histories.length);
  histories.forEach((values, i) => {
    if (values.length === 0) throw new Error('cannot forecast an empty series');
    const offset = seriesOffset(values);
    const level = windowLevel(values, values.length, season, offset);
    encodeWindow(values, values.length, lookback, season, level, offset, transform, x, i * lookback);
    levels[i] = level;
    offsets[i] = offset;
  });
  return { x, levels, offsets };
}
