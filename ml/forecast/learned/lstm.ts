/**
 * The LSTM forecaster (`lstm`): an ensemble of LSTM networks over the window read one season
 * (a day of hourly data) per step (lstm-net.ts), trained across all series (model.ts), emitting
 * all 48 steps at once with p50 and p90 heads.
 */
import type { LoadedTf } from '../../learned/backend.js';
import { readManifest } from './artifact.js';
import { lstmNet, type LstmShape } from './lstm-net.js';
import { WindowedForecaster, type CommonHyper, type LearnedOptions } from './model.js';
import type { Net, NetShape } from './net.js';

export interface LstmHyper extends CommonHyper, LstmShape {}

export const DEFAULT_LSTM: LstmHyper = {
  lookbacks: [168, 336, 96],
  members: 3,
  units: 128,
  lstmLayers: 1,
  headUnits: 256,
  epochs: 20,
  stepsPerEpoch: 50,
  batchSize: 512,
  learningRate: 2e-3,
  lrFloor: 0.1,
  historyLimit: 10,
  transform: 'log',
  holdout: false,
  p90Weight: 0.5,
};

export class LstmForecaster extends WindowedForecaster<LstmHyper> {
  readonly name = 'lstm';
  readonly family = 'lstm';

  constructor(hyper: Partial<LstmHyper> = {}, options: LearnedOptions = {}) {
    super({ ...DEFAULT_LSTM, ...hyper }, options);
  }

  protected buildNet(tf: LoadedTf['tf'], shape: NetShape): Net {
    return lstmNet(tf, shape, this.hyper);
  }

  static async load(dir: string, options: LearnedOptions = {}): Promise<LstmForecaster> {
    const manifest = await readManifest(dir);
    return new LstmForecaster(manifest.hyper as Partial<LstmHyper>, options).restore(dir);
  }
}
