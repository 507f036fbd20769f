/**
 * Small statistics the classical models share: the sample autocorrelation, M4's 90 %
 * seasonality test, R's classical multiplicative decomposition (`stats::decompose`) and an
 * ordinary least-squares line.
 */

export function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s / xs.length;
}

/** Sample autocorrelations r_1..r_maxLag as R's `acf` computes them (mean removed, divided by n·c_0). */
export function acf(xs: readonly number[], maxLag: number): number[] {
  const n = xs.length;
  const m = mean(xs);
  let c0 = 0;
  for (const x of xs) c0 += (x - m) * (x - m);
  const out: number[] = [];
  for (let k = 1; k <= maxLag; k++) {
    let c = 0;
    for (let t = 0; t + k < n; t++) c += (xs[t]! - m) * (xs[t + k]! - m);
    out.push(c0 === 0 ? 0 : c / c0);
  }
  return out;
}

/**
 * M4's seasonality test (the organisers' `SeasonalityTest`): seasonal when the series has at
 * least 3 seasons and |r_m| > 1.645 · sqrt((1 + 2 Σ_{k<m} r_k²) / n), the 90 % limit.
 */
export function isSeasonal(xs: readonly number[], season: number): boolean {
  if (season <= 1 || xs.length < 3 * season) return false;
  const r = acf(xs, season);
  let sum = 1;
  for (let k = 0; k < season - 1; k++) sum += 2 * r[k]! * r[k]!;
  const limit = (1.645 / Math.sqrt(xs.length)) * Math.sqrt(sum);
  const rm = r[season - 1]!;
  return Number.isFinite(rm) && Math.abs(rm) > limit;
}

/**
 * Seasonal indices of R's `decompose(ts(xs, frequency = m), "multiplicative")`: a centred
 * 2×m moving average (m even) or m-term average (m odd) as the trend, x / trend averaged per
 * position in the season, normalised to mean 1. Index i belongs to points t with t mod m = i.
 */
export function multiplicativeIndices(xs: readonly number[], season: number): number[] {
  const n = xs.length;
  const half = Math.floor(season / 2);
  const even = season % 2 === 0;
  const sums = new Array<number>(season).fill(0);
  const counts = new Array<number>(season).fill(0);
  for (let t = half; t < n - half; t++) {
    let trend = 0;
    if (even) {
      trend = 0.5 * xs[t - half]! + 0.5 * xs[t + half]!;
      for (let j = t - half + 1; j < t + half; j++) trend += xs[j]!;
    } else {
      for (let j = t - half; j <= t + half; j++) trend += xs[j]!;
    }
    trend /= season;
    sums[t % season]! += xs[t]! / trend;
    counts[t % season]!++;
  }
  const figure = sums.map((s, i) => s / counts[i]!);
  const m = mean(figure);
  return figure.map((f) => f / m);
}

/** Deseasonalising by M4's rule: multiplicative indices when `isSeasonal`, else all 1. */
export interface Deseasonalised {
  seasonal: boolean;
  /** Index per position t mod m (all 1 when not seasonal). */
  indices: number[];
  /** xs[t] / indices[t mod m]. */
  adjusted: number[];
}

export function deseasonalise(xs: readonly number[], season: number): Deseasonalised {
  const seasonal = isSeasonal(xs, season) && xs.every((x) => x > 0);
  const indices = seasonal ? multiplicativeIndices(xs, season) : new Array<number>(Math.max(season, 1)).fill(1);
  const m = indices.length;
  return { seasonal, indices, adjusted: xs.map((x, t) => x / indices[t % m]!) };
}

/** The indices for the `horizon` points after a series of length n (the cycle continued). */
export function reseasonalise(forecast: readonly number[], indices: readonly number[], n: number): number[] {
  const m = indices.length;
  return forecast.map((f, h) => f * indices[(n + h) % m]!);
}

/** Ordinary least squares y = a + b·t over t = 0..n−1. */
export function linearFit(ys: readonly number[]): { intercept: number; slope: number } {
  const n = ys.length;
  if (n < 2) return { intercept: ys[0] ?? 0, slope: 0 };
  const tm = (n - 1) / 2;
  const ym = mean(ys);
  let sxy = 0;
  let sxx = 0;
  for (let t = 0; t < n; t++) {
    sxy += (t - tm) * (ys[t]! - ym);
    sxx += (t - tm) * (t - tm);
  }
  const slope = sxy / sxx;
  return { intercept: ym - slope * tm, slope };
}

/** The q-quantile (0..1) by linear interpolation between order statistics (R type 7). */
export function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}
