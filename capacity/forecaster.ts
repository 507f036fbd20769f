/**
 * What the capacity workflow needs of a forecaster: a service's hourly history in, 48 hours of
 * p50/p90 out, with the model that made it and its version (recorded with every applied plan).
 * Implemented in ml/forecast (`forecastService`); the workflow reaches it through the
 * `capacityForecast` activity on the `ml` task queue.
 */
export interface ServiceForecast {
  point: number[];
  p50: number[];
  p90: number[];
  /** Which model (or combination) was chosen by the backtest. */
  model: string;
  /** Version of the trained artifact used, or `<model>@classical` for models fitted on the spot. */
  modelVersion: string;
  /** TensorFlow.js backend that ran, when a learned model took part. */
  backend?: string;
}

export interface ForecastInput {
  values: readonly number[];
  horizon: number;
  season: number;
}

export type ForecastFn = (input: ForecastInput) => Promise<ServiceForecast>;
