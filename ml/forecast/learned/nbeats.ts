/**
 * The global N-BEATS-style forecaster (`global`, family `global-nbeats`): an ensemble of
 * generic-block N-BEATS networks (nbeats-net.ts) trained across all series on windows sampled
 * from each (model.ts), p50 and p90 heads.
 */
import type { LoadedTf } from '../../learned/backend.js';
import { readManifest } from './artifact.js';
import { WindowedForecaster, type CommonHyper, type LearnedOptions } from './model.js';
import type { Net, NetShape } from './net.js';
import { nbeatsNet, type NBeatsShape } from './nbeats-net.js';

export interface NBeatsHyper extends CommonHyper, NBeatsShape {}

export const DEFAULT_NBEATS: NBeatsHyper = {
  lookbacks: [168, 336, 96],
  members: 3,
  blocks: 4,
  layers: 3,
  units: 256,
  epochs: 20,
  stepsPerEpoch: 50,
  batchSize: 512,
  learningRate: 1e-3,
  lrFloor: 0.1,
  historyLimit: 10,
  transform: 'log',
  holdout: false,
  p90Weight: 0.5,
};

export class NBeatsForecaster extends WindowedForecaster<NBeatsHyper> {
  readonly name = 'global';
  readonly family = 'global-nbeats';

  constructor(hyper: Partial<NBeatsHyper> = {}, options: LearnedOptions = {}) {
    super({ ...DEFAULT_NBEATS, ...hyper }, options);
  }

  protected buildNet(tf: LoadedTf['tf'], shape: NetShape): Net {
    return nbeatsNet(tf, shape, this.hyper);
  }

  static async load(dir: string, options: LearnedOptions = {}): Promise<NBeatsForecaster> {
    const manifest = await readManifest(dir);
    return new NBeatsForecaster(manifest.hyper as Partial<NBeatsHyper>, options).restore(dir);
  }
}
