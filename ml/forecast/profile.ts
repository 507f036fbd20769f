/**
 * `smean` and `smean-week`: the seasonal profile of the last few periods, level-adjusted.
 * The forecast for a position in the period is the median, over the last `periods` periods,
 * of the value at that position divided by its period's mean, times the mean of the last
 * period (the current level). A robust cousin of seasonal naive that averages out one-off
 * days; `smean-week` does the same with the weekly period (7·m) over the last 3 weeks.
 */
import { gaussianForecast, residualSigma } from './bands.js';
import { mean } from './stats.js';
import type { Forecast, ForecastRequest, LocalForecaster } from './types.js';

export function profileForecast(values: readonly number[], horizon: number, period: number, periods: number, model: string): Forecast {
  const n = values.length;
  const k = Math.max(1, Math.min(periods, Math.floor(n / period)));
  if (n < period) throw new Error(`${model}: needs at least ${period} points, got ${n}`);
  const positive = values.every((x) => x > 0);
  const level = mean(values.slice(n - period));
  const shape: number[] = [];
  for (let i = 0; i < period; i++) {
    const xs: number[] = [];
    for (let j = 1; j <= k; j++) {
      const start = n - j * period;
      const x = values[start + i]!;
      const m = mean(values.slice(start, start + period));
      xs.push(positive ? x / m : x - m);
    }
    xs.sort((a, b) => a - b);
    const mid = xs.length >> 1;
    shape.push(xs.length % 2 ? xs[mid]! : 0.5 * (xs[mid - 1]! + xs[mid]!));
  }
  const point = Array.from({ length: horizon }, (_, h) => {
    const s = shape[(h % period)]!;
    return positive ? level * s : level + s;
  });
  // σ: one-period-ahead residuals of the same rule over the in-sample (value vs the previous period's value rescaled).
  const residuals: number[] = [];
  for (let t = period; t < n; t++) residuals.push(values[t]! - values[t - period]!);
  return gaussianForecast(model, point, residualSigma(residuals) / Math.sqrt(1 + 1 / k), point.map((_, h) => Math.floor(h / period) + 1));
}

export const seasonalMean: LocalForecaster = {
  name: 'smean',
  forecast: (r: ForecastRequest) => profileForecast(r.values, r.horizon, r.season, 7, 'smean'),
};

export const weeklyMean: LocalForecaster = {
  name: 'smean-week',
  forecast: (r: ForecastRequest) =>
    r.values.length >= 14 * r.season
      ? profileForecast(r.values, r.horizon, 7 * r.season, 3, 'smean-week')
      : profileForecast(r.values, r.horizon, r.season, 7, 'smean-week'),
};
