/**
 * A service's forecast, as the capacity workflow's `ml` worker and `swaybot capacity forecast`
 * make it: every classical model is backtested on the series' own history (rolling origin, three
 * cuts 48 h apart) and the best three are combined (median, step by step). The result names the
 * models chosen and a version: `classical@<swaybot version>` for models fitted on the spot.
 */
import { createRequire } from 'node:module';
import type { ForecastInput, ServiceForecast } from '../../capacity/forecaster.js';
import { localCandidates, selectAndForecast } from './backtest.js';
import { classicalModels } from './models.js';

export interface ForecastServiceOptions {
  /** Folder of trained models (versioned artifacts); unused by the classical models. */
  modelDir?: string;
}

const VERSION = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
export const CLASSICAL_VERSION = `classical@${VERSION}`;

export async function forecastService(input: ForecastInput, _options: ForecastServiceOptions = {}): Promise<ServiceForecast> {
  const selection = await selectAndForecast(input.values, input.horizon, input.season, localCandidates(classicalModels(), input.season), { origins: 3, top: 3, combine: 'median' });
  const f = selection.forecast;
  return { point: f.point, p50: f.p50, p90: f.p90, model: f.model, modelVersion: CLASSICAL_VERSION };
}
