/**
 * The classical model registry: every LocalForecaster of ml/forecast by name, in the order the
 * bench reports them. `selectAndForecast` (backtest.ts) chooses among them per series.
 */
import { dshw } from './dshw.js';
import { holtWinters } from './hw.js';
import { naive2, seasonalDrift, seasonalNaive, weeklyNaive } from './naive.js';
import { seasonalMean, weeklyMean } from './profile.js';
import { damped, holt, ses } from './smoothing.js';
import { theta } from './theta.js';
import type { LocalForecaster } from './types.js';

export const CLASSICAL_MODELS: readonly LocalForecaster[] = [
  seasonalNaive,
  weeklyNaive,
  seasonalDrift,
  naive2,
  ses,
  holt,
  damped,
  theta,
  holtWinters(),
  seasonalMean,
  weeklyMean,
  dshw,
];

/** The named models (all when `names` is undefined); throws on an unknown name, listing the known ones. */
export function classicalModels(names?: readonly string[]): LocalForecaster[] {
  if (!names) return [...CLASSICAL_MODELS];
  return names.map((name) => {
    const model = CLASSICAL_MODELS.find((m) => m.name === name);
    if (!model) throw new Error(`unknown model ${name}; known: ${CLASSICAL_MODELS.map((m) => m.name).join(', ')}`);
    return model;
  });
}
