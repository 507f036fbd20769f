/**
 * `dshw`: Taylor's (2003) double seasonal Holt–Winters for hourly data, multiplicative with a
 * daily (m) and a weekly (7·m) index and an AR(1) correction of the one-step error:
 *   ŷ_t = l_{t−1}·d_{t−m}·w_{t−7m} + φ·e_{t−1},  e_t = y_t − l_{t−1}·d_{t−m}·w_{t−7m}
 *   l_t = α·y_t/(d·w) + (1−α)·l_{t−1};  d_t = δ·y_t/(l_t·w) + (1−δ)·d;  w_t = ω·y_t/(l_t·d) + (1−ω)·w
 *   forecast k ahead: l_n·d·w + φ^k·e_n.
 * α, δ, ω, φ minimise the in-sample one-step SSE (Nelder–Mead). Needs 3 weeks of positive
 * data; otherwise it falls back to the seasonal-profile forecast `smean`.
 */
import { gaussianForecast, multipliersFrom } from './bands.js';
import { nelderMead } from './optimize.js';
import { profileForecast } from './profile.js';
import type { Forecast, ForecastRequest, LocalForecaster } from './types.js';

interface State {
  sse: number;
  level: number;
  day: Float64Array;
  week: Float64Array;
  lastError: number;
  fitted: number;
}

function init(xs: readonly number[], m: number): { level: number; day: Float64Array; week: Float64Array } {
  const w = 7 * m;
  const weeks = Math.min(2, Math.floor(xs.length / w));
  const span = weeks * w;
  let level = 0;
  for (let t = 0; t < span; t++) level += xs[t]! / span;
  const dayMean = (t: number): number => {
    const start = t - (t % m);
    let s = 0;
    for (let i = start; i < start + m; i++) s += xs[i]!;
    return s / m;
  };
  const day = new Float64Array(m);
  for (let t = 0; t < span; t++) day[t % m]! += xs[t]! / dayMean(t) / (span / m);
  const week = new Float64Array(w);
  for (let t = 0; t < span; t++) week[t % w]! += xs[t]! / (level * day[t % m]!) / weeks;
  return { level, day, week };
}

function run(xs: readonly number[], m: number, start: ReturnType<typeof init>, a: number, d: number, o: number, phi: number): State {
  const w = 7 * m;
  const day = Float64Array.from(start.day);
  const week = Float64Array.from(start.week);
  let level = start.level;
  let e = 0;
  let sse = 0;
  for (let t = 0; t < xs.length; t++) {
    const y = xs[t]!;
    const di = day[t % m]!;
    const wi = week[t % w]!;
    const base = level * di * wi;
    const err = y - (base + phi * e);
    sse += err * err;
    e = y - base;
    const next = (a * y) / (di * wi) + (1 - a) * level;
    if (!(next > 0) || !(di > 0) || !(wi > 0)) return { sse: Infinity, level, day, week, lastError: e, fitted: t };
    level = next;
    day[t % m] = (d * y) / (level * wi) + (1 - d) * di;
    week[t % w] = (o * y) / (level * di) + (1 - o) * wi;
  }
  return { sse, level, day, week, lastError: e, fitted: xs.length };
}

export function dshwForecast(values: readonly number[], horizon: number, m: number): Forecast {
  const n = values.length;
  if (n < 21 * m || !values.every((x) => x > 0)) return { ...profileForecast(values, horizon, m, 7, 'dshw'), model: 'dshw' };
  const start = init(values, m);
  const ok = (p: number[]): boolean => p.slice(0, 3).every((x) => x > 0.0001 && x < 0.9999) && Math.abs(p[3]!) < 0.99;
  const best = nelderMead((p) => (ok(p) ? run(values, m, start, p[0]!, p[1]!, p[2]!, p[3]!).sse : Infinity), [0.1, 0.1, 0.1, 0.5], {
    step: [0.1, 0.1, 0.1, 0.3],
    maxEvaluations: 240,
    tolerance: 1e-6,
  });
  const [a, d, o, phi] = best.x as [number, number, number, number];
  const s = run(values, m, start, a, d, o, phi);
  const w = 7 * m;
  const point = Array.from(
    { length: horizon },
    (_, h) => s.level * s.day[(n + h) % m]! * s.week[(n + h) % w]! + Math.pow(phi, h + 1) * s.lastError,
  );
  const sigma = Math.sqrt(s.sse / n);
  // v_h with c_j = α + φ^j: the level's random walk plus the decaying AR(1) term (seasonal updates ignored).
  return gaussianForecast('dshw', point, sigma, multipliersFrom(horizon, (j) => a + Math.pow(phi, j)));
}

export const dshw: LocalForecaster = {
  name: 'dshw',
  forecast: (r: ForecastRequest) => dshwForecast(r.values, r.horizon, r.season),
};
