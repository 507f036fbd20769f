/**
 * Value surprise: how far a value lies from the last `window` values (z-score against their mean
 * and standard deviation, the current value excluded), as a log-tail score. Catches spikes and
 * level shifts that pattern memory can miss when earlier extremes have stretched the range.
 */
import { normalTail, Window } from './stats.js';
import { Likelihood, logTail } from './surprise.js';

export interface ValueConfig {
  window: number;
  /** Floor of the standard deviation, as a fraction of the mean absolute value of the window. */
  minSpread: number;
  /** 'gauss': Gaussian tail of z; 'likelihood': z through the anomaly likelihood. */
  mode: 'gauss' | 'likelihood';
}

export const DEFAULT_VALUE: ValueConfig = { window: 300, minSpread: 0.01, mode: 'gauss' };

/** Two-sided z-score surprise of each value against its trailing window. */
export class ValueSurprise {
  private readonly w: Window;
  private readonly likelihood = new Likelihood({ short: 1, long: 500, minStd: 0.1 });

  constructor(readonly config: ValueConfig = DEFAULT_VALUE) {
    this.w = new Window(config.window);
  }

  next(value: number): number {
    let s = 0;
    if (this.w.count >= 20) {
      const sd = Math.max(this.w.std, this.config.minSpread * Math.abs(this.w.mean), 1e-9);
      const z = Math.abs(value - this.w.mean) / sd;
      s = this.config.mode === 'gauss' ? logTail(2 * normalTail(z)) : this.likelihood.next(z);
    }
    this.w.push(value);
    return s;
  }
}
