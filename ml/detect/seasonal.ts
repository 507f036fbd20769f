/**
 * Seasonal surprise for daily cycles: each point's time-of-day slot keeps an exponential average
 * of its values; the residual (value − its slot's average, before learning it) goes through an
 * extreme-surprise test. The result is weighted by how periodic the series has proved so far
 * (1 − residual variance / variance around the plain average), so aperiodic series are left alone.
 */
import { ExtremeSurprise } from './extreme.js';

export interface SeasonalConfig {
  /** Rate of each slot's exponential average. */
  rate: number;
  /** Rate of the variances behind the periodicity weight. */
  varianceRate: number;
  /** Points in the residual's trailing window. */
  window: number;
  /** Residual excess (share of the residuals' range) that scores 0.5. */
  half: number;
}

export const DEFAULT_SEASONAL: SeasonalConfig = { rate: 0.3, varianceRate: 0.01, window: 1000, half: 0.2 };

const DAY = 86_400_000;

export class SeasonalSurprise {
  private slots: Float64Array | undefined;
  private seen: Uint8Array | undefined;
  private step = 0;
  private lastTs = Number.NaN;
  private mean = 0;
  private varPlain = 0;
  private varResid = 0;
  private n = 0;
  private readonly extreme: ExtremeSurprise;

  constructor(readonly config: SeasonalConfig = DEFAULT_SEASONAL) {
    this.extreme = new ExtremeSurprise({ window: config.window, half: config.half });
  }

  next(timestamp: number, value: number): number {
    this.n++;
    if (this.n === 1) this.mean = value;
    const a = Math.max(this.config.varianceRate, 1 / this.n);
    this.varPlain += a * ((value - this.mean) ** 2 - this.varPlain);
    this.mean += a * (value - this.mean);
    if (this.slots === undefined) {
      const dt = timestamp - this.lastTs;
      this.lastTs = timestamp;
      // The first spacing fixes the slot width; only spacings that divide a day into 12..2000 slots.
      if (dt > 0 && DAY % dt === 0 && DAY / dt >= 12 && DAY / dt <= 2000) {
        this.step = dt;
        this.slots = new Float64Array(DAY / dt);
        this.seen = new Uint8Array(DAY / dt);
      }
      return 0;
    }
    const slot = Math.floor((((timestamp % DAY) + DAY) % DAY) / this.step);
    if (this.seen![slot] === 0) {
      this.seen![slot] = 1;
      this.slots[slot] = value;
      return 0;
    }
    const resid = value - this.slots[slot]!;
    this.slots[slot]! += this.config.rate * (value - this.slots[slot]!);
    this.varResid += a * (resid * resid - this.varResid);
    const periodic = this.varPlain > 0 ? Math.max(0, 1 - this.varResid / this.varPlain) : 0;
    return periodic * this.extreme.next(resid);
  }
}
