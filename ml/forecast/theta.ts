/**
 * M4's standard Theta (the organisers' `Theta.classic`): deseasonalise by M4's rule, take the
 * theta=0 line (the least-squares line) and the theta=2 line (2·x − line), forecast the theta=2
 * line with SES, average the two extrapolations with weights ½, reseasonalise. This equals SES
 * with drift = half the line's slope (Hyndman & Billah 2003). p90: σ is the RMSE of the
 * combined in-sample fit, which is exactly half the theta-2 SES residual, with SES's multipliers.
 */
import { gaussianForecast, multipliersFrom } from './bands.js';
import { etsForecast, fitEts } from './ets.js';
import { deseasonalise, linearFit, reseasonalise } from './stats.js';
import type { Forecast, ForecastRequest, LocalForecaster } from './types.js';

export function thetaForecast(values: readonly number[], horizon: number, season: number): Forecast {
  const n = values.length;
  const d = deseasonalise(values, season);
  const { intercept, slope } = linearFit(d.adjusted);
  const line2 = d.adjusted.map((x, t) => 2 * x - (intercept + slope * t));
  const fit = fitEts(line2, { trend: 'N', season: 'N', period: 1 });
  const ses = etsForecast(fit, horizon, 'ses');
  const flat = ses.point.map((p, h) => 0.5 * p + 0.5 * (intercept + slope * (n + h)));
  const scale = reseasonalise(new Array<number>(horizon).fill(1), d.indices, n);
  const point = flat.map((p, h) => p * scale[h]!);
  return gaussianForecast('theta', point, fit.sigma / 2, multipliersFrom(horizon, () => fit.alpha), scale);
}

export const theta: LocalForecaster = {
  name: 'theta',
  forecast: (r: ForecastRequest) => thetaForecast(r.values, r.horizon, r.season),
};
