/**
 * A service's forecast, as the capacity workflow's `ml` worker and `swaybot capacity forecast`
 * make it: every classical model, and the trained global model when `<modelDir>/current.json`
 * names one, is backtested on the series' own history (rolling origin, three cuts 48 h apart) and
 * the best three are combined (median, step by step). The result names the models chosen and the
 * versions behind them: `classical@<swaybot version>` for models fitted on the spot, the trained
 * model's own version when it is among those chosen.
 */
import { createRequire } from 'node:module';
import type { ForecastInput, ServiceForecast } from '../../capacity/forecaster.js';
import { localCandidates, selectAndForecast, type Candidate } from './backtest.js';
import { modelFolder, readCurrent } from './model-store.js';
import { classicalModels } from './models.js';
import type { GlobalForecaster } from './types.js';

export interface ForecastServiceOptions {
  /** Folder of trained models (`current.json` + versioned folders); none: classical models only. */
  modelDir?: string;
  /** Told when the trained model cannot take part (it is then left out, not fatal). */
  warn?: (message: string) => void;
}

const VERSION = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
export const CLASSICAL_VERSION = `classical@${VERSION}`;
const GLOBAL = 'global';

/** Loaded models by version: loading reads weights and builds the networks once per process. */
const loaded = new Map<string, Promise<GlobalForecaster>>();

async function trainedCandidate(modelDir: string, season: number): Promise<{ candidate: Candidate; version: string } | undefined> {
  const current = readCurrent(modelDir);
  if (!current) return undefined;
  let model = loaded.get(current.version);
  if (!model) {
    const { NBeatsForecaster } = await import('./learned/index.js');
    model = NBeatsForecaster.load(modelFolder(modelDir, current.version), { quiet: true });
    loaded.set(current.version, model);
    model.catch(() => loaded.delete(current.version));
  }
  const m = await model;
  return { version: current.version, candidate: { name: GLOBAL, forecast: async (values, horizon) => (await m.forecast([{ values, horizon, season }]))[0]! } };
}

export async function forecastService(input: ForecastInput, options: ForecastServiceOptions = {}): Promise<ServiceForecast> {
  const classical = localCandidates(classicalModels(), input.season);
  const select = (candidates: Candidate[]) => selectAndForecast(input.values, input.horizon, input.season, candidates, { origins: 3, top: 3, combine: 'median' });
  let trained: Awaited<ReturnType<typeof trainedCandidate>>;
  try {
    trained = options.modelDir ? await trainedCandidate(options.modelDir, input.season) : undefined;
  } catch (err) {
    options.warn?.(`the trained model in ${options.modelDir} is left out: ${err instanceof Error ? err.message : String(err)}`);
  }
  let selection;
  try {
    selection = await select(trained ? [...classical, trained.candidate] : classical);
  } catch (err) {
    if (!trained) throw err;
    options.warn?.(`the trained model ${trained.version} could not forecast this series (${err instanceof Error ? err.message : String(err)}); classical models only`);
    trained = undefined;
    selection = await select(classical);
  }
  const f = selection.forecast;
  const usesTrained = trained !== undefined && selection.chosen.includes(GLOBAL);
  const modelVersion = usesTrained ? (selection.chosen.length > 1 ? `${trained!.version}+${CLASSICAL_VERSION}` : trained!.version) : CLASSICAL_VERSION;
  return { point: f.point, p50: f.p50, p90: f.p90, model: f.model, modelVersion };
}
