/**
 * Surprise scores in [0, 1] from raw streams, on one scale so that components can be compared:
 * `logTail(p)` maps a tail probability p to −log10(p) / 12 (p = 1e-12 or less gives 1). The
 * anomaly likelihood compares the mean of the last `short` raw scores with the mean and spread of
 * the last `long` ones (a Gaussian tail), which turns noisy raw scores into rare, confident ones.
 */
import { normalTail, Window } from './stats.js';

/** −log10(p) / 12, clamped to [0, 1]. */
export function logTail(p: number): number {
  if (!(p > 1e-12)) return 1;
  return p >= 1 ? 0 : -Math.log10(p) / 12;
}

export interface LikelihoodConfig {
  short: number;
  long: number;
  /** Floor of the long-window standard deviation, in raw-score units. */
  minStd: number;
}

export const DEFAULT_LIKELIHOOD: LikelihoodConfig = { short: 3, long: 700, minStd: 0.007 };

/** Anomaly likelihood of a raw score stream, as a log-tail score. */
export class Likelihood {
  private readonly shortW: Window;
  private readonly longW: Window;

  constructor(readonly config: LikelihoodConfig = DEFAULT_LIKELIHOOD) {
    this.shortW = new Window(config.short);
    this.longW = new Window(config.long);
  }

  next(raw: number): number {
    this.shortW.push(raw);
    const m = this.shortW.mean;
    let s = 0;
    if (this.longW.count > 10) s = logTail(normalTail((m - this.longW.mean) / Math.max(this.longW.std, this.config.minStd)));
    this.longW.push(m);
    return s;
  }
}
