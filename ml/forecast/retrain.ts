/**
 * Retraining the global model: a candidate N-BEATS model is trained on the services' histories
 * without their last `horizon` hours, scored on those hours (mean sMAPE), and promoted only when it
 * is no worse than the model in use scored on the same hours. Progress (epoch, loss) goes to
 * `onEpoch`, which the `capacityRetrain` activity turns into heartbeats the Web UI shows.
 */
import { smape } from './metrics.js';
import { modelFolder, promote, readCurrent } from './model-store.js';
import { NBeatsForecaster, type NBeatsHyper } from './learned/index.js';
import type { GlobalForecaster } from './types.js';

export interface RetrainRequest {
  series: readonly (readonly number[])[];
  modelDir: string;
  horizon?: number;
  season?: number;
  /** Model shape and training length (tests train tiny models). */
  hyper?: Partial<NBeatsHyper>;
  seed?: number;
  onEpoch?: (p: { epoch: number; epochs: number; loss: number }) => void;
  now?: () => Date;
}

export interface RetrainResult {
  model: string;
  candidate: string;
  /** Held-out mean sMAPE of the model in use (absent when none was). */
  current?: number;
  candidateScore: number;
  kept: 'candidate' | 'current';
  /** Series trained on (those too short were left out). */
  series: number;
}

/** Hourly defaults for services' histories (a week or two each): short lookbacks, a small ensemble. */
export const SERVICE_HYPER: Partial<NBeatsHyper> = { lookbacks: [72, 120], members: 2, epochs: 12, stepsPerEpoch: 30, units: 128 };

async function heldOutScore(model: GlobalForecaster, train: readonly (readonly number[])[], test: readonly (readonly number[])[], horizon: number, season: number): Promise<number> {
  const forecasts = await model.forecast(train.map((values) => ({ values, horizon, season })));
  return forecasts.reduce((sum, f, i) => sum + smape(test[i]!, f.point), 0) / forecasts.length;
}

export async function retrainGlobal(request: RetrainRequest): Promise<RetrainResult> {
  const horizon = request.horizon ?? 48;
  const season = request.season ?? 24;
  const usable = request.series.filter((s) => s.length >= horizon + 3 * season);
  if (usable.length === 0) throw new Error(`no series has the ${horizon + 3 * season} hours of history retraining needs`);
  const train = usable.map((s) => s.slice(0, s.length - horizon));
  const test = usable.map((s) => s.slice(s.length - horizon));
  const candidate = new NBeatsForecaster({ ...SERVICE_HYPER, ...request.hyper }, { quiet: true });
  const meta = await candidate.train(train, { horizon, season, seed: request.seed ?? 1, ...(request.onEpoch ? { onEpoch: request.onEpoch } : {}) });
  const candidateScore = await heldOutScore(candidate, train, test, horizon, season);
  candidate.recordMetrics({ heldOutSmape: candidateScore });
  const inUse = readCurrent(request.modelDir);
  let current: number | undefined;
  if (inUse) {
    try {
      const model = await NBeatsForecaster.load(modelFolder(request.modelDir, inUse.version), { quiet: true });
      current = await heldOutScore(model, train, test, horizon, season);
    } catch {
      // A model that no longer loads (or fits these series) is no model: the candidate replaces it.
      current = undefined;
    }
  }
  const keep = current === undefined || candidateScore <= current;
  if (keep) {
    await candidate.save(modelFolder(request.modelDir, meta.version));
    promote(request.modelDir, { version: meta.version, family: candidate.family, score: candidateScore, promotedAt: (request.now?.() ?? new Date()).toISOString() });
  }
  return {
    model: keep ? meta.version : inUse!.version,
    candidate: meta.version,
    ...(current !== undefined ? { current } : {}),
    candidateScore,
    kept: keep ? 'candidate' : 'current',
    series: usable.length,
  };
}
