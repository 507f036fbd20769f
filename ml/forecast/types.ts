/**
 * The forecasting contract shared by every model in ml/forecast (classical baselines, the LSTM,
 * the global learned model) and by the capacity workflow. A series is a plain array of equally
 * spaced values (hourly for capacity and M4 Hourly); `season` is the seasonal period in points
 * (24 for hourly data). No Temporal import here: this is domain code.
 */

/** One model's forecast of the next `horizon` points after the series ends. */
export interface Forecast {
  /** Model that produced it (`snaive`, `naive2`, `ets`, `theta`, `lstm`, `global`, `combo`, …). */
  model: string;
  /** Point forecast (the mean, or the median where the model has no mean), length = horizon. */
  point: number[];
  /** Quantiles, each of length horizon. p50 ≤ p90 at every step. */
  p50: number[];
  p90: number[];
}

export interface ForecastRequest {
  /** History, oldest first, equally spaced, no gaps (repair gaps before calling). */
  values: readonly number[];
  horizon: number;
  /** Seasonal period in points; 24 for hourly. */
  season: number;
}

/** A model that fits on one series at forecast time (the classical baselines). */
export interface LocalForecaster {
  readonly name: string;
  forecast(request: ForecastRequest): Forecast;
}

/** Metadata written beside a trained model's weights (a versioned artifact on disk). */
export interface ModelMetadata {
  /** e.g. `global-mlp@2026-12-06T03:00:00Z-3f2a1c` — recorded by every forecast that used it. */
  version: string;
  model: string;
  backend: string;
  /** The data the model was trained on: series count, points, first/last timestamp when known. */
  data: { series: number; points: number; from?: string; to?: string };
  /** Backtest metrics at training time (sMAPE, MASE, OWA where known). */
  metrics: Record<string, number>;
  trainedAt: string;
  hyper: Record<string, unknown>;
}

/** A model trained across many series (the LSTM, the global N-BEATS-style model). */
export interface GlobalForecaster {
  readonly name: string;
  train(series: readonly (readonly number[])[], options: TrainOptions): Promise<ModelMetadata>;
  forecast(requests: readonly ForecastRequest[]): Promise<Forecast[]>;
  save(dir: string): Promise<void>;
  readonly metadata: ModelMetadata | undefined;
}

export interface TrainOptions {
  horizon: number;
  season: number;
  /** Deterministic initialisation and sampling. */
  seed?: number;
  /** Called once per epoch (the retraining workflow heartbeats this). */
  onEpoch?: (progress: { epoch: number; epochs: number; loss: number }) => void;
}
