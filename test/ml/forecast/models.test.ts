/**
 * Each classical model on a synthetic series whose future is known exactly, and the quantile
 * contract (length = horizon, p50 ≤ p90) for every registered model on a noisy series.
 */
import { describe, expect, it } from 'vitest';
import { dshw } from '../../../ml/forecast/dshw.js';
import { autoEts, etsForecast, fitEts } from '../../../ml/forecast/ets.js';
import { CLASSICAL_MODELS, classicalModels } from '../../../ml/forecast/models.js';
import { naive2, seasonalDrift, seasonalNaive, weeklyNaive } from '../../../ml/forecast/naive.js';
import { nelderMead } from '../../../ml/forecast/optimize.js';
import { seasonalMean, weeklyMean } from '../../../ml/forecast/profile.js';
import { damped, holt, ses } from '../../../ml/forecast/smoothing.js';
import { theta } from '../../../ml/forecast/theta.js';
import type { LocalForecaster } from '../../../ml/forecast/types.js';

const H = 48;
const M = 24;
const day = (t: number): number => 10 + 5 * Math.sin((2 * Math.PI * t) / M) + (t % M === 3 ? 4 : 0);
const week = (t: number): number => day(t) * (1 + 0.3 * Math.floor((t % (7 * M)) / M) / 6);
const series = (n: number, f: (t: number) => number): number[] => Array.from({ length: n }, (_, t) => f(t));
const future = (n: number, f: (t: number) => number): number[] => Array.from({ length: H }, (_, h) => f(n + h));
const run = (m: LocalForecaster, values: number[]) => m.forecast({ values, horizon: H, season: M });
const maxRelError = (a: number[], b: number[]): number => Math.max(...a.map((x, i) => Math.abs(x - b[i]!) / Math.abs(b[i]!)));

describe('exact on their own kind of series', () => {
  it('seasonal naive, smean: a pure daily cycle', () => {
    const n = 240;
    for (const m of [seasonalNaive, seasonalMean]) {
      const f = run(m, series(n, day));
      f.point.forEach((p, h) => expect(p).toBeCloseTo(day(n + h), 10));
    }
  });

  it('snaive-week, smean-week: a pure weekly cycle (and snaive cannot)', () => {
    const n = 504;
    for (const m of [weeklyNaive, weeklyMean]) {
      const f = run(m, series(n, week));
      f.point.forEach((p, h) => expect(p).toBeCloseTo(week(n + h), 10));
    }
    expect(maxRelError(run(seasonalNaive, series(n, week)).point, future(n, week))).toBeGreaterThan(0.01);
  });

  it('snaive-drift: a daily cycle on a linear trend', () => {
    const f = (t: number): number => day(t) + 0.1 * t;
    const n = 240;
    run(seasonalDrift, series(n, f)).point.forEach((p, h) => expect(p).toBeCloseTo(f(n + h), 8));
  });

  it('Naive2: level × multiplicative daily indices', () => {
    const n = 240;
    run(naive2, series(n, day)).point.forEach((p, h) => expect(p).toBeCloseTo(day(n + h), 8));
  });

  it('SES: a constant; Holt: a straight line', () => {
    run(ses, series(100, () => 7)).point.forEach((p) => expect(p).toBeCloseTo(7, 10));
    const line = (t: number): number => 5 + 0.5 * t;
    run(holt, series(100, line)).point.forEach((p, h) => expect(p).toBeCloseTo(line(100 + h), 8));
  });

  it('damped Holt bends a line below its extrapolation', () => {
    const line = (t: number): number => 5 + 0.5 * t;
    const f = run(damped, series(100, line)).point;
    expect(f[0]!).toBeGreaterThan(line(99));
    expect(f[H - 1]!).toBeLessThan(line(100 + H - 1) - 1);
    expect(f[H - 1]!).toBeGreaterThan(f[0]!);
  });

  it('Theta: SES with drift half the trend', () => {
    const line = (t: number): number => 5 + 0.5 * t;
    const f = run(theta, series(100, line)).point;
    for (let h = 1; h < H; h++) expect(f[h]! - f[h - 1]!).toBeCloseTo(0.25, 8);
  });

  it('ETS: a trending multiplicative cycle within 1 %, chosen with trend and multiplicative season', () => {
    const f = (t: number): number => (50 + 0.2 * t) * (day(t) / 10);
    const n = 480;
    const fit = autoEts(series(n, f), M);
    expect(fit.trend).not.toBe('N');
    expect(maxRelError(etsForecast(fit, H, 'ets').point, future(n, f))).toBeLessThan(0.01);
    // A seasonal series is badly served by the non-seasonal variant, which is why AIC prefers the other.
    const flat = fitEts(series(n, f), { trend: 'A', season: 'N', period: 1 });
    expect(flat.aic).toBeGreaterThan(fit.aic);
  });

  it('DSHW: a daily × weekly cycle', () => {
    const n = 672;
    expect(maxRelError(run(dshw, series(n, week)).point, future(n, week))).toBeLessThan(0.01);
  });
});

describe('quantiles', () => {
  let seed = 12345;
  const noise = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 4;
  const noisy = series(700, (t) => week(t) + 0.01 * t + noise());

  it.each(CLASSICAL_MODELS.map((m) => [m.name, m] as const))('%s: horizon-long, p50 ≤ p90, a band', (_, m) => {
    const f = run(m, noisy);
    expect(f.model).toBe(m.name);
    for (const k of ['point', 'p50', 'p90'] as const) expect(f[k]).toHaveLength(H);
    f.p50.forEach((q, h) => expect(q).toBeLessThanOrEqual(f.p90[h]!));
    f.point.forEach((p) => expect(Number.isFinite(p)).toBe(true));
    expect(f.p90[H - 1]! - f.p50[H - 1]!).toBeGreaterThan(0);
  });

  it('widen with the horizon as the model says: √2 for the second day of seasonal naive, √h for Naive2', () => {
    const f = run(seasonalNaive, noisy);
    const w = (h: number): number => f.p90[h]! - f.p50[h]!;
    expect(w(24) / w(0)).toBeCloseTo(Math.SQRT2, 10);
    expect(w(23)).toBeCloseTo(w(0), 10);
    const g = run(naive2, series(700, () => 100 + noise()));
    expect((g.p90[3]! - g.p50[3]!) / (g.p90[0]! - g.p50[0]!)).toBeCloseTo(2, 1); // √4, up to the seasonal index
  });
});

describe('registry and optimiser', () => {
  it('names every model once and rejects unknown ones', () => {
    const names = CLASSICAL_MODELS.map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(['snaive', 'naive2', 'ses', 'holt', 'damped', 'ets', 'theta']));
    expect(classicalModels(['theta', 'snaive']).map((m) => m.name)).toEqual(['theta', 'snaive']);
    expect(() => classicalModels(['nope'])).toThrow(/unknown model nope/);
  });

  it('Nelder–Mead finds the minimum of a shifted quadratic', () => {
    const r = nelderMead(([x, y]) => (x! - 1) ** 2 + 3 * (y! + 2) ** 2, [0, 0], { maxEvaluations: 500, tolerance: 1e-14 });
    expect(r.x[0]).toBeCloseTo(1, 4);
    expect(r.x[1]).toBeCloseTo(-2, 4);
  });
});
