/**
 * Extreme surprise: how far a value goes beyond everything in its trailing window, as a share of
 * that window's range (0 inside the range). Records are rare by construction, so this needs no
 * distribution fitting: a spike or a level shift past the recent highs or lows stands out, while
 * a series whose spikes keep reaching the same height stops reporting them.
 */
import { SlidingMax } from './stats.js';

export interface ExtremeConfig {
  /** Points in the trailing window. */
  window: number;
  /** The excess (share of the range) that scores 0.5. */
  half: number;
  /** Both directions, or only above the trailing maximum (for non-negative feature streams). */
  sides?: 'both' | 'high';
}

export const DEFAULT_EXTREME: ExtremeConfig = { window: 5000, half: 0.05 };

export class ExtremeSurprise {
  private readonly hi: SlidingMax;
  private readonly lo: SlidingMax;
  private n = 0;

  constructor(readonly config: ExtremeConfig = DEFAULT_EXTREME) {
    this.hi = new SlidingMax(config.window);
    this.lo = new SlidingMax(config.window);
  }

  next(value: number): number {
    let s = 0;
    if (this.n >= 20) {
      const hi = this.hi.max;
      const lo = -this.lo.max;
      const range = Math.max(hi - lo, 1e-9 * Math.max(1, Math.abs(hi)));
      const below = this.config.sides === 'high' ? 0 : lo - value;
      const excess = Math.max(value - hi, below, 0) / range;
      s = excess / (excess + this.config.half);
    }
    this.n++;
    this.hi.push(value);
    this.lo.push(-value);
    return s;
  }
}
