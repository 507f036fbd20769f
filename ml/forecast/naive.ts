/**
 * The naive baselines of M4: seasonal naive (the value one season back; `snaive`, and
 * `snaive-week` with the weekly season 7·m of hourly data) and Naive2 (the last value of the
 * series after M4's multiplicative seasonal adjustment, the season put back).
 */
import { gaussianForecast, residualSigma } from './bands.js';
import { deseasonalise, reseasonalise } from './stats.js';
import type { Forecast, ForecastRequest, LocalForecaster } from './types.js';

/** Seasonal naive with period `season · multiple` (multiple 1: `snaive`). */
export function seasonalNaiveForecast(values: readonly number[], horizon: number, period: number, model = 'snaive'): Forecast {
  const n = values.length;
  if (n === 0) throw new Error(`${model}: empty series`);
  const m = Math.min(period, n);
  const point = Array.from({ length: horizon }, (_, h) => values[n - m + (h % m)]!);
  const residuals = values.slice(m).map((y, t) => y - values[t]!);
  const multipliers = point.map((_, h) => Math.floor(h / m) + 1);
  return gaussianForecast(model, point, residualSigma(residuals), multipliers);
}

export const seasonalNaive: LocalForecaster = {
  name: 'snaive',
  forecast: (r: ForecastRequest) => seasonalNaiveForecast(r.values, r.horizon, r.season),
};

/** Seasonal naive one week back: 7 seasons (168 h for hourly data), falling back to one season when shorter. */
export const weeklyNaive: LocalForecaster = {
  name: 'snaive-week',
  forecast: (r: ForecastRequest) =>
    seasonalNaiveForecast(r.values, r.horizon, r.values.length >= 7 * r.season ? 7 * r.season : r.season, 'snaive-week'),
};

export function naive2Forecast(values: readonly number[], horizon: number, season: number): Forecast {
  const n = values.length;
  if (n === 0) throw new Error('naive2: empty series');
  const d = deseasonalise(values, season);
  const last = d.adjusted[n - 1]!;
  const point = reseasonalise(new Array<number>(horizon).fill(last), d.indices, n);
  const residuals = d.adjusted.slice(1).map((a, t) => a - d.adjusted[t]!);
  const multipliers = point.map((_, h) => h + 1);
  const scale = reseasonalise(new Array<number>(horizon).fill(1), d.indices, n);
  return gaussianForecast('naive2', point, residualSigma(residuals), multipliers, scale);
}

export const naive2: LocalForecaster = {
  name: 'naive2',
  forecast: (r: ForecastRequest) => naive2Forecast(r.values, r.horizon, r.season),
};

/**
 * `snaive-drift`: seasonal naive plus the drift of the last `periods` seasons (the mean of
 * y_t − y_{t−m} over them) once per season ahead: a seasonal random walk with drift, for the
 * smooth, trending daily cycles seasonal naive trails behind.
 */
export function seasonalDriftForecast(values: readonly number[], horizon: number, period: number, periods = 7): Forecast {
  const n = values.length;
  if (n <= period) return { ...seasonalNaiveForecast(values, horizon, period), model: 'snaive-drift' };
  const from = Math.max(period, n - periods * period);
  let drift = 0;
  for (let t = from; t < n; t++) drift += values[t]! - values[t - period]!;
  drift /= n - from;
  const point = Array.from({ length: horizon }, (_, h) => values[n - period + (h % period)]! + (Math.floor(h / period) + 1) * drift);
  const residuals = values.slice(period).map((y, t) => y - values[t]! - drift);
  return gaussianForecast('snaive-drift', point, residualSigma(residuals), point.map((_, h) => Math.floor(h / period) + 1));
}

export const seasonalDrift: LocalForecaster = {
  name: 'snaive-drift',
  forecast: (r: ForecastRequest) => seasonalDriftForecast(r.values, r.horizon, r.season),
};
