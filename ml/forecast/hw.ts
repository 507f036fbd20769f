/**
 * `ets`: Holt–Winters / ETS on the raw series, the variant (trend N/A/Ad × season N/A/M)
 * chosen by AIC, fitted on the last `window` points (default 4 weeks of hourly data: older
 * history mostly slows the fit down, and hourly series drift).
 */
import { autoEts, etsForecast } from './ets.js';
import type { ForecastRequest, LocalForecaster } from './types.js';

export function holtWinters(window = 672): LocalForecaster {
  return {
    name: 'ets',
    forecast: (r: ForecastRequest) => {
      const xs = r.values.length > window ? r.values.slice(r.values.length - window) : r.values;
      const fit = autoEts(xs, r.season);
      return etsForecast(fit, r.horizon, 'ets');
    },
  };
}
