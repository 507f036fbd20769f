/**
 * M4's SES, Holt and damped-Holt benchmarks: exponential smoothing on the series after M4's
 * multiplicative seasonal adjustment (`deseasonalise`), the seasonal indices put back on the
 * forecast; p90 comes from the deseasonalised residuals, scaled by the index.
 */
import { etsForecast, fitEts, type TrendKind } from './ets.js';
import { deseasonalise, reseasonalise } from './stats.js';
import type { Forecast, ForecastRequest, LocalForecaster } from './types.js';

export function deseasonalisedSmoothing(values: readonly number[], horizon: number, season: number, trend: TrendKind, model: string): Forecast {
  const d = deseasonalise(values, season);
  const fit = fitEts(d.adjusted, { trend, season: 'N', period: 1 });
  const f = etsForecast(fit, horizon, model);
  const n = values.length;
  const scale = reseasonalise(new Array<number>(horizon).fill(1), d.indices, n);
  const point = f.point.map((p, h) => p * scale[h]!);
  const p90 = f.p90.map((q, h) => q * scale[h]!);
  return { model, point, p50: [...point], p90 };
}

function smoother(name: string, trend: TrendKind): LocalForecaster {
  return { name, forecast: (r: ForecastRequest) => deseasonalisedSmoothing(r.values, r.horizon, r.season, trend, name) };
}

export const ses = smoother('ses', 'N');
export const holt = smoother('holt', 'A');
export const damped = smoother('damped', 'Ad');
