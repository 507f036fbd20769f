/**
 * A base forecast corrected by exogenous inputs: `exogenousCandidate(base, features, timestamps)`
 * is a backtest `Candidate` (it joins `selectAndForecast` like any classical model) whose forecast
 * is the base's plus a ridge regression (ridge.ts) of the base's own recent errors on the features.
 *
 * Training rows: the base forecasts `horizon` points from `trainOrigins` cut points `trainStep`
 * apart, the last one `horizon` before the end of the history, each on the history before it;
 * every forecast step is a row, target = actual − base forecast (an h-step error, the kind of
 * error the correction must fix, not a one-step in-sample residual). The regression has an
 * unpenalised intercept (the base's recent bias). How much correction to apply is chosen by
 * blocked cross-validation over the training origins (`folds` contiguous blocks of origins, each
 * held out in turn; Bergmeir & Benítez 2012), by mean absolute error, among: no correction at all,
 * the intercept alone, and ridge at λ = n · 10^k, k = −3…3. So a correction that did not help on
 * the base's own recent errors is not applied: the model then returns the base's forecast.
 * The forecast adds the chosen correction at each future step, with the observed inputs clipped
 * to the range seen in training (no extrapolation from a spike) and, when the history has no
 * negative value, the result floored at 0 (load is not negative). p50 = the corrected point, p90
 * keeps the base's width above it.
 *
 * Features:
 *   - `known` (calendar.ts): a function of the timestamp, known for the future: taken at the target hour.
 *   - `observed` (commit counts, another series): one value per grid point, known only up to the
 *     forecast origin. They enter lagged, at lag L = the smallest multiple of the season ≥ horizon
 *     (48 h for a 48-h horizon, hourly data): the value at t − L and its mean over the season ending
 *     there. L ≥ horizon means every future step's input is already observed at the origin, and L a
 *     whole number of seasons keeps the hour of day. Training rows use the same lag, so the
 *     regression is fitted on exactly the inputs it is later given. (The alternative, the feature's own
 *     seasonal-naive forecast, would fit on actual values but predict from forecasts: a train/test
 *     mismatch.) Missing values (NaN) are imputed by the training rows' mean.
 *
 * `values` handed to `forecast` must be a prefix of the series `timestamps` indexes (what
 * `selectAndForecast` hands its candidates): values[i] is at timestamps[i]; times past the end of
 * `timestamps` continue its spacing. The base's forecasts are memoised by history, so the cut
 * points shared between the backtest origins and training origins are fitted once.
 */
import type { Candidate } from '../backtest.js';
import type { Forecast } from '../types.js';
import type { KnownFeature } from './calendar.js';
import { ridgeFit, ridgePredict, type RidgeFit } from './ridge.js';

/** A feature observed up to the forecast origin only: one value per grid point (NaN = missing). */
export interface ObservedFeature {
  readonly kind: 'observed';
  readonly name: string;
  readonly values: ArrayLike<number>;
}

export type ExogenousFeature = KnownFeature | ObservedFeature;

export function observedFeature(name: string, values: ArrayLike<number>): ObservedFeature {
  return { kind: 'observed', name, values };
}

export interface ResidualModelOptions {
  /** Seasonal period in points (default 24). */
  season?: number;
  /** Cut points the base's errors are learned from (default 21: three weeks of daily origins). */
  trainOrigins?: number;
  /** Points between training cut points (default = season). */
  trainStep?: number;
  /** Shortest history the base is asked to forecast from (default 2 · season + 1). */
  minHistory?: number;
  /** Fewest training cut points for a correction; with fewer the base's forecast is returned as is (default 3). */
  minOrigins?: number;
  /** Ridge penalty: a number, `gcv` (ridge.ts), or `cv` (default): blocked CV over origins, no-correction and intercept-only included. */
  lambda?: number | 'gcv' | 'cv';
  /** Folds of the blocked CV (default 3). */
  folds?: number;
  /** Floor the forecast at 0: `auto` (default) when the history has no negative value. */
  nonNegative?: boolean | 'auto';
  /** Candidate name (default `exo(<base>)`). */
  name?: string;
  /** Told each fit (for inspection and tests). */
  onFit?: (fit: { names: string[]; ridge: RidgeFit | undefined; choice: string; rows: number; origins: number }) => void;
}

const memoised = new WeakSet<Candidate>();

/** `base` remembering its forecasts by history (length, horizon and a checksum of the values). */
export function memoCandidate(base: Candidate): Candidate {
  if (memoised.has(base)) return base;
  const memo = new Map<string, Forecast | Promise<Forecast>>();
  const c: Candidate = {
    name: base.name,
    forecast: (values, horizon) => {
      let sum = 0;
      for (const v of values) sum += v;
      const key = `${values.length}:${horizon}:${sum}:${values[values.length - 1]}`;
      const hit = memo.get(key);
      if (hit) return hit;
      const f = base.forecast(values, horizon);
      memo.set(key, f);
      if (f instanceof Promise) f.then((x) => memo.set(key, x)).catch(() => memo.delete(key));
      return f;
    },
  };
  memoised.add(c);
  return c;
}

/** The feature columns' names: known features as named, observed ones as `name@lag` and `name@lag:mean`. */
export function columnNames(features: readonly ExogenousFeature[]): string[] {
  return features.flatMap((f) => (f.kind === 'known' ? [f.name] : [`${f.name}@lag`, `${f.name}@lag:mean`]));
}

/** The smallest multiple of `season` ≥ `horizon`: the lag of observed features. */
export function observedLag(horizon: number, season: number): number {
  return Math.max(1, Math.ceil(horizon / season)) * season;
}

export function exogenousCandidate(base: Candidate, features: readonly ExogenousFeature[], timestamps: readonly number[], options: ResidualModelOptions = {}): Candidate {
  if (timestamps.length < 2) throw new Error('exogenousCandidate: need at least two timestamps to know the grid');
  const t0 = timestamps[0]!;
  const dt = timestamps[1]! - t0;
  if (!(dt > 0)) throw new Error('exogenousCandidate: timestamps must ascend');
  for (let i = 2; i < timestamps.length; i++) {
    if (timestamps[i]! - timestamps[i - 1]! !== dt) throw new Error(`exogenousCandidate: timestamps must be equally spaced (${dt} ms); index ${i} is not`);
  }
  for (const f of features) {
    if (f.kind === 'observed' && f.values.length < timestamps.length) {
      throw new Error(`exogenousCandidate: feature ${f.name} has ${f.values.length} values for ${timestamps.length} timestamps`);
    }
  }
  const season = options.season ?? 24;
  const trainOrigins = options.trainOrigins ?? 21;
  const trainStep = options.trainStep ?? season;
  const minHistory = options.minHistory ?? 2 * season + 1;
  const minOrigins = options.minOrigins ?? 3;
  const inner = memoCandidate(base);
  const names = columnNames(features);
  const name = options.name ?? `exo(${base.name})`;

  /** Feature row for grid index i with observed features lagged by `lag` (never read at or past `origin`). */
  const row = (i: number, lag: number, origin: number): number[] => {
    const out: number[] = [];
    const time = t0 + i * dt;
    for (const f of features) {
      if (f.kind === 'known') {
        out.push(f.at(time));
        continue;
      }
      const j = i - lag;
      if (j >= origin) throw new Error(`exogenousCandidate: internal error, ${f.name} read at ${j} ≥ origin ${origin}`);
      out.push(j >= 0 ? f.values[j]! : Number.NaN);
      let s = 0;
      let k = 0;
      for (let m = Math.max(0, j - season + 1); m <= j; m++) {
        const v = f.values[m]!;
        if (Number.isFinite(v)) {
          s += v;
          k++;
        }
      }
      out.push(k > 0 ? s / k : Number.NaN);
    }
    return out;
  };

  return {
    name,
    forecast: async (values, horizon) => {
      const n = values.length;
      if (n > timestamps.length) throw new Error(`exogenousCandidate: ${n} values but only ${timestamps.length} timestamps`);
      const baseForecast = await inner.forecast(values, horizon);
      const lag = observedLag(horizon, season);
      const cuts: number[] = [];
      for (let k = 0; k < trainOrigins; k++) {
        const cut = n - horizon - k * trainStep;
        if (cut < minHistory) break;
        cuts.push(cut);
      }
      if (cuts.length < minOrigins) return { ...baseForecast, model: name };
      const X: number[][] = [];
      const y: number[] = [];
      const originOf: number[] = [];
      const ordered = [...cuts].reverse();
      for (let o = 0; o < ordered.length; o++) {
        const cut = ordered[o]!;
        const f = await inner.forecast(values.slice(0, cut), horizon);
        for (let h = 0; h < horizon; h++) {
          const residual = values[cut + h]! - f.point[h]!;
          if (!Number.isFinite(residual)) continue;
          X.push(row(cut + h, lag, cut));
          y.push(residual);
          originOf.push(o);
        }
      }
      const future = Array.from({ length: horizon }, (_, h) => row(n + h, lag, n));
      // Impute missing feature values by the training rows' mean (0 when a column has none);
      // clip the future's observed inputs to the training range.
      for (let j = 0; j < names.length; j++) {
        let s = 0;
        let k = 0;
        let lo = Number.POSITIVE_INFINITY;
        let hi = Number.NEGATIVE_INFINITY;
        for (const r of X) {
          const v = r[j]!;
          if (!Number.isFinite(v)) continue;
          s += v;
          k++;
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
        const fill = k > 0 ? s / k : 0;
        for (const r of X) if (!Number.isFinite(r[j]!)) r[j] = fill;
        for (const r of future) r[j] = Number.isFinite(r[j]!) ? (k > 0 ? Math.min(hi, Math.max(lo, r[j]!)) : fill) : fill;
      }
      const lambda = options.lambda ?? 'cv';
      let ridge: RidgeFit | undefined;
      let choice: string;
      if (lambda === 'cv') {
        choice = chooseByBlockedCv(X, y, originOf, ordered.length, options.folds ?? 3);
        ridge = choice === 'none' ? undefined : choice === 'intercept' ? ridgeFit(X.map(() => []), y) : ridgeFit(X, y, { lambda: Number(choice) });
      } else {
        ridge = ridgeFit(X, y, { lambda });
        choice = String(ridge.lambda);
      }
      options.onFit?.({ names, ridge, choice, rows: X.length, origins: cuts.length });
      const floor = (options.nonNegative ?? 'auto') === 'auto' ? values.every((v) => v >= 0) : options.nonNegative === true;
      const point = baseForecast.point.map((p, h) => {
        const x = ridge === undefined ? p : p + ridgePredict(ridge, ridge.coef.length === 0 ? [] : future[h]!);
        return floor ? Math.max(0, x) : x;
      });
      const p90 = point.map((p, h) => p + Math.max(0, baseForecast.p90[h]! - baseForecast.point[h]!));
      return { model: name, point, p50: [...point], p90 };
    },
  };
}

/**
 * Blocked CV over training origins: the origins (0…origins−1, oldest first) fall in `folds`
 * contiguous blocks; each block is predicted from a fit on the others. Returns the choice with the
 * lowest mean absolute error: `none` (no correction), `intercept`, or a ridge λ (as a string).
 * Ties go to the simpler choice.
 */
export function chooseByBlockedCv(X: readonly number[][], y: readonly number[], originOf: readonly number[], origins: number, folds: number): string {
  const k = Math.max(2, Math.min(folds, origins));
  const foldOf = (o: number): number => Math.min(k - 1, Math.floor((o * k) / origins));
  const n = y.length;
  const lambdas = [-3, -2, -1, 0, 1, 2, 3].map((e) => n * 10 ** e);
  const choices: Array<{ name: string; fit: (rows: number[][], ys: number[]) => (r: number[]) => number }> = [
    { name: 'none', fit: () => () => 0 },
    {
      name: 'intercept',
      fit: (_rows, ys) => {
        const m = ys.reduce((a, b) => a + b, 0) / ys.length;
        return () => m;
      },
    },
    ...lambdas.map((lambda) => ({
      name: String(lambda),
      fit: (rows: number[][], ys: number[]) => {
        const r = ridgeFit(rows, ys, { lambda });
        return (x: number[]) => ridgePredict(r, x);
      },
    })),
  ];
  let best = 'none';
  let bestErr = Number.POSITIVE_INFINITY;
  for (const c of choices) {
    let err = 0;
    for (let f = 0; f < k; f++) {
      const trainRows: number[][] = [];
      const trainY: number[] = [];
      for (let i = 0; i < n; i++) {
        if (foldOf(originOf[i]!) === f) continue;
        trainRows.push(X[i]!);
        trainY.push(y[i]!);
      }
      if (trainY.length === 0) continue;
      const predict = c.fit(trainRows, trainY);
      for (let i = 0; i < n; i++) if (foldOf(originOf[i]!) === f) err += Math.abs(y[i]! - predict(X[i]!));
    }
    if (err < bestErr * (1 - 1e-9)) {
      best = c.name;
      bestErr = err;
    }
  }
  return best;
}
