/**
 * Record surprises of derived streams: the smoothed pattern novelty, the absolute step |Δv| and
 * the short-window spread, each tested against its own trailing maximum (an `ExtremeSurprise`
 * above only). Records are rare by construction, so these fire seldom and need no fitted
 * distribution; the largest of the three is the score.
 */
import { ExtremeSurprise } from './extreme.js';
import { Window } from './stats.js';

export interface RecordsConfig {
  /** Trailing window the records are measured against. */
  window: number;
  /** Excess (share of the trailing range) that scores 0.5. */
  half: number;
  /** Points averaged into the smoothed novelty and the spread. */
  smooth: number;
  /** Weights of the three records: novelty, step, spread. */
  novelty: number;
  step: number;
  spread: number;
}

export const DEFAULT_RECORDS: RecordsConfig = { window: 2000, half: 0.3, smooth: 5, novelty: 1, step: 1, spread: 1 };

export class RecordSurprise {
  private readonly novelty: ExtremeSurprise;
  private readonly step: ExtremeSurprise;
  private readonly spread: ExtremeSurprise;
  private readonly noveltyMean: Window;
  private readonly values: Window;
  private last = Number.NaN;

  constructor(readonly config: RecordsConfig = DEFAULT_RECORDS) {
    const e = { window: config.window, half: config.half, sides: 'high' as const };
    this.novelty = new ExtremeSurprise(e);
    this.step = new ExtremeSurprise(e);
    this.spread = new ExtremeSurprise(e);
    this.noveltyMean = new Window(config.smooth);
    this.values = new Window(config.smooth);
  }

  /** The record surprise of the point with `value` and raw pattern novelty `novelty`. */
  next(value: number, novelty: number): number {
    const c = this.config;
    this.noveltyMean.push(novelty);
    this.values.push(value);
    const a = c.novelty * this.novelty.next(this.noveltyMean.mean);
    const b = Number.isNaN(this.last) ? 0 : c.step * this.step.next(Math.abs(value - this.last));
    this.last = value;
    const d = this.values.count < c.smooth ? 0 : c.spread * this.spread.next(this.values.std);
    return Math.max(a, b, d);
  }
}
