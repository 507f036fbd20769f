/**
 * Exponential smoothing in error-correction form with additive errors: trend none / additive /
 * damped (N, A, Ad) and seasonality none / additive / multiplicative (N, A, M), i.e. SES, Holt,
 * damped Holt and the Holt–Winters family. Smoothing parameters minimise the in-sample one-step
 * SSE (Nelder–Mead); initial states come from the first seasons (not optimised). `autoEts`
 * picks the variant with the lowest AIC = n·ln(SSE/n) + 2k (k: parameters + initial states).
 */
import { multipliersFrom, residualSigma, gaussianForecast } from './bands.js';
import { nelderMead } from './optimize.js';
import type { Forecast } from './types.js';

export type TrendKind = 'N' | 'A' | 'Ad';
export type SeasonKind = 'N' | 'A' | 'M';

export interface EtsSpec {
  trend: TrendKind;
  season: SeasonKind;
  /** Seasonal period (ignored for season N). */
  period: number;
}

export interface EtsFit extends EtsSpec {
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
  sse: number;
  n: number;
  aic: number;
  sigma: number;
  /** Final states: level, slope, seasonal ring (ring[t mod period] = the index for time t). */
  level: number;
  slope: number;
  ring: Float64Array;
}

interface Init {
  level: number;
  slope: number;
  ring: Float64Array;
}

const EPS = 1e-4;

/** Initial states from the first min(4, ⌊n/m⌋) seasons: season means give level and slope, the detrended positions the indices. */
function initialStates(xs: readonly number[], spec: EtsSpec): Init {
  const n = xs.length;
  if (spec.season === 'N') {
    const k = Math.min(n - 1, 10);
    const slope = spec.trend === 'N' || k < 1 ? 0 : (xs[k]! - xs[0]!) / k;
    // States at time −1, so that the first one-step prediction is xs[0].
    return { level: xs[0]! - slope, slope, ring: new Float64Array(1) };
  }
  const m = spec.period;
  const k = Math.min(4, Math.floor(n / m));
  const means: number[] = [];
  for (let j = 0; j < k; j++) {
    let s = 0;
    for (let i = 0; i < m; i++) s += xs[j * m + i]!;
    means.push(s / m);
  }
  const slope = spec.trend === 'N' || k < 2 ? 0 : (means[k - 1]! - means[0]!) / ((k - 1) * m);
  const ring = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let j = 0; j < k; j++) {
      const base = means[j]! + slope * (i - (m - 1) / 2);
      s += spec.season === 'A' ? xs[j * m + i]! - base : xs[j * m + i]! / base;
    }
    ring[i] = s / k;
  }
  let avg = 0;
  for (let i = 0; i < m; i++) avg += ring[i]! / m;
  for (let i = 0; i < m; i++) ring[i] = spec.season === 'A' ? ring[i]! - avg : ring[i]! / avg;
  return { level: means[0]! - slope * ((m + 1) / 2), slope, ring };
}

interface Params {
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
}

/** Runs the recursion; returns SSE (Infinity when a multiplicative model's level leaves (0, ∞)) and final states. */
function run(xs: readonly number[], spec: EtsSpec, p: Params, init: Init, residuals?: Float64Array): { sse: number; level: number; slope: number; ring: Float64Array } {
  const m = spec.season === 'N' ? 1 : spec.period;
  const ring = Float64Array.from(init.ring);
  let l = init.level;
  let b = init.slope;
  let sse = 0;
  const { alpha, beta, gamma } = p;
  const phi = spec.trend === 'Ad' ? p.phi : spec.trend === 'A' ? 1 : 0;
  const mult = spec.season === 'M';
  const seasonal = spec.season !== 'N';
  for (let t = 0; t < xs.length; t++) {
    const i = t % m;
    const base = l + phi * b;
    const s = seasonal ? ring[i]! : mult ? 1 : 0;
    const pred = mult ? base * s : base + s;
    const e = xs[t]! - pred;
    sse += e * e;
    if (residuals) residuals[t] = e;
    if (mult) {
      if (!(base > 0) || !(s > 0)) return { sse: Infinity, level: l, slope: b, ring };
      l = base + (alpha * e) / s;
      b = phi * b + (beta * e) / s;
      ring[i] = s + (gamma * e) / base;
    } else {
      l = base + alpha * e;
      b = phi * b + beta * e;
      if (seasonal) ring[i] = s + gamma * e;
    }
  }
  return { sse: Number.isFinite(sse) ? sse : Infinity, level: l, slope: b, ring };
}

function unpack(spec: EtsSpec, x: readonly number[]): Params {
  let k = 0;
  const alpha = x[k++]!;
  const beta = spec.trend === 'N' ? 0 : x[k++]!;
  const gamma = spec.season === 'N' ? 0 : x[k++]!;
  const phi = spec.trend === 'Ad' ? x[k++]! : 1;
  return { alpha, beta, gamma, phi };
}

function admissible(spec: EtsSpec, p: Params): boolean {
  if (!(p.alpha > EPS && p.alpha < 1 - EPS)) return false;
  if (spec.trend !== 'N' && !(p.beta > EPS && p.beta < p.alpha)) return false;
  if (spec.season !== 'N' && !(p.gamma > EPS && p.gamma < 1 - p.alpha)) return false;
  if (spec.trend === 'Ad' && !(p.phi >= 0.8 && p.phi <= 0.98)) return false;
  return true;
}

export interface FitOptions {
  maxEvaluations?: number;
}

/** Fits one ETS variant to xs (needs ≥ 2 seasons for a seasonal one). */
export function fitEts(xs: readonly number[], spec: EtsSpec, options: FitOptions = {}): EtsFit {
  const init = initialStates(xs, spec);
  const start: number[] = [0.3];
  const step: number[] = [0.2];
  if (spec.trend !== 'N') {
    start.push(0.02);
    step.push(0.02);
  }
  if (spec.season !== 'N') {
    start.push(0.05);
    step.push(0.1);
  }
  if (spec.trend === 'Ad') {
    start.push(0.95);
    step.push(0.02);
  }
  const objective = (x: number[]): number => {
    const p = unpack(spec, x);
    return admissible(spec, p) ? run(xs, spec, p, init).sse : Infinity;
  };
  const best = nelderMead(objective, start, { step, maxEvaluations: options.maxEvaluations ?? 60 * start.length, tolerance: 1e-6 });
  const p = unpack(spec, best.x);
  const residuals = new Float64Array(xs.length);
  const final = run(xs, spec, p, init, residuals);
  const n = xs.length;
  const k = start.length + 1 + (spec.trend === 'N' ? 0 : 1) + (spec.season === 'N' ? 0 : spec.period - 1);
  const aic = final.sse > 0 && Number.isFinite(final.sse) ? n * Math.log(final.sse / n) + 2 * k : final.sse === 0 ? -Infinity : Infinity;
  return { ...spec, ...p, sse: final.sse, n, aic, sigma: residualSigma(residuals), level: final.level, slope: final.slope, ring: final.ring };
}

/** Point forecast and p50/p90 of a fitted ETS variant for the `horizon` points after the n fitted. */
export function etsForecast(fit: EtsFit, horizon: number, model: string): Forecast {
  const m = fit.season === 'N' ? 1 : fit.period;
  const point: number[] = [];
  let damp = 0;
  for (let h = 1; h <= horizon; h++) {
    damp += fit.trend === 'Ad' ? Math.pow(fit.phi, h) : fit.trend === 'A' ? 1 : 0;
    const base = fit.level + damp * fit.slope;
    const s = fit.season === 'N' ? 0 : fit.ring[(fit.n + h - 1) % m]!;
    point.push(fit.season === 'M' ? base * s : base + s);
  }
  // c_j = α + β·(φ + … + φ^j) + γ·[j mod m = 0]; for M the same on the relative scale.
  const c = (j: number): number => {
    let d = 0;
    for (let i = 1; i <= j; i++) d += fit.trend === 'Ad' ? Math.pow(fit.phi, i) : fit.trend === 'A' ? 1 : 0;
    return fit.alpha + fit.beta * d + (fit.season !== 'N' && j % m === 0 ? fit.gamma : 0);
  };
  return gaussianForecast(model, point, fit.sigma, multipliersFrom(horizon, c));
}

/** The variants `autoEts` tries: every trend with A and M seasonality (M only for positive data), and non-seasonal ones. */
export function etsCandidates(xs: readonly number[], period: number): EtsSpec[] {
  const specs: EtsSpec[] = [];
  const positive = xs.every((x) => x > 0);
  const trends: TrendKind[] = ['N', 'A', 'Ad'];
  for (const trend of trends) {
    specs.push({ trend, season: 'N', period: 1 });
    if (period > 1 && xs.length >= 2 * period) {
      specs.push({ trend, season: 'A', period });
      if (positive) specs.push({ trend, season: 'M', period });
    }
  }
  return specs;
}

/** The AIC-best variant among `etsCandidates` (or the given specs). */
export function autoEts(xs: readonly number[], period: number, specs = etsCandidates(xs, period), options: FitOptions = {}): EtsFit {
  let best: EtsFit | undefined;
  for (const spec of specs) {
    const fit = fitEts(xs, spec, options);
    if (!best || fit.aic < best.aic) best = fit;
  }
  if (!best) throw new Error('autoEts: no candidate');
  return best;
}

export function etsName(fit: EtsSpec): string {
  return `ets(A,${fit.trend},${fit.season})`;
}
