/**
 * The learned forecasters in bench:m4: train one (N-BEATS `nbeats` or the LSTM `lstm`, their
 * default settings) on a batch of series and forecast the horizon after each, timing both and
 * naming the backend and the model version. And the fixed combination the bench reports as
 * swaybot's: the step-wise mean of the classical selection and N-BEATS, decided before looking at
 * the validation figures (a statistical and a learned forecast averaged, as M4's best entries did).
 */
import { currentTf } from '../../ml/learned/backend.js';
import { LstmForecaster, NBeatsForecaster } from '../../ml/forecast/learned/index.js';
import type { Forecast } from '../../ml/forecast/types.js';

export type LearnedKind = 'nbeats' | 'lstm';
export const LEARNED_NAMES: Record<LearnedKind, string> = { nbeats: 'global N-BEATS', lstm: 'LSTM' };

export interface LearnedRun {
  forecasts: Forecast[];
  trainSeconds: number;
  forecastSeconds: number;
  backend: string;
  version: string;
}

export async function trainAndForecast(kind: LearnedKind, series: readonly (readonly number[])[], horizon: number, season: number, progress: (line: string) => void): Promise<LearnedRun> {
  const model = kind === 'nbeats' ? new NBeatsForecaster({}, { quiet: true }) : new LstmForecaster({}, { quiet: true });
  const started = performance.now();
  let last = started;
  const meta = await model.train(series, {
    horizon,
    season,
    seed: 1,
    onEpoch: (p) => {
      if (performance.now() - last > 30_000 || p.epoch === p.epochs) {
        last = performance.now();
        progress(`  ${LEARNED_NAMES[kind]}: epoch ${p.epoch}/${p.epochs}, loss ${p.loss.toFixed(4)} (${((last - started) / 1000).toFixed(0)}s)`);
      }
    },
  });
  const trainSeconds = (performance.now() - started) / 1000;
  const t = performance.now();
  const forecasts = await model.forecast(series.map((values) => ({ values, horizon, season })));
  const tf = currentTf();
  return { forecasts, trainSeconds, forecastSeconds: (performance.now() - t) / 1000, backend: tf ? `${tf.backend} (${tf.version})` : meta.backend, version: meta.version };
}

/** Step-wise mean of forecasts (point, p50 and p90 alike, so p50 ≤ p90 still holds). */
export function meanForecast(model: string, forecasts: readonly Forecast[]): Forecast {
  const mean = (key: 'point' | 'p50' | 'p90') => forecasts[0]![key].map((_, h) => forecasts.reduce((s, f) => s + f[key][h]!, 0) / forecasts.length);
  return { model, point: mean('point'), p50: mean('p50'), p90: mean('p90') };
}
