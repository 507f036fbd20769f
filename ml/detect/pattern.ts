/**
 * Pattern novelty, in the spirit of adaptive-resonance detectors (our own code): the last `window`
 * values form a vector; a bounded memory of prototype vectors is kept. The raw score of a point is
 * the distance from its vector to the nearest prototype, as a fraction of a scale (the range seen
 * so far, or the quantile range of a trailing window, which old spikes do not stretch). A vector within `vigilance` of its nearest prototype pulls that prototype towards it;
 * otherwise it becomes a new prototype (replacing the least recently matched when memory is full).
 * Prototypes hold raw values (or ranks, or block means), so a changing scale never moves them.
 */
import { RankWindow, Window } from './stats.js';

export interface PatternConfig {
  /** Points in a pattern. */
  window: number;
  /** Largest distance (fraction of range, mean absolute) at which a vector matches a prototype. */
  vigilance: number;
  /** Prototypes kept. */
  capacity: number;
  /** How far a matched prototype moves towards the vector. */
  rate: number;
  /** Remove each pattern's own mean before comparing (shape only), 0..1 (1: fully). */
  detrend: number;
  /** Unit of distance: the range seen so far, the mean absolute deviation (slow exponential average), or a quantile range. */
  scale: 'range' | 'mad' | 'quantile';
  /** For the 'quantile' scale: the range between quantiles q and 1 − q of the last `rankWindow` values. */
  quantile: number;
  /** Rate of the exponential averages behind the 'mad' scale. */
  madRate: number;
  /** Compare values as they are, or as their mid-rank among the last `rankWindow` values (scale-free). */
  transform: 'none' | 'rank';
  rankWindow: number;
  /** Points averaged into each element of the pattern (1: raw points; more: a slower time scale). */
  aggregate: number;
}

export const DEFAULT_PATTERN: PatternConfig = { window: 8, vigilance: 0.1, capacity: 400, rate: 0.1, detrend: 0, scale: 'range', madRate: 0.01, transform: 'none', rankWindow: 1000, aggregate: 1, quantile: 0.01 };

/** Distance of each point's recent pattern from everything seen before (raw score, ≥ 0). */
export class PatternNovelty {
  private readonly recent: Window;
  private readonly protos: Float64Array;
  private readonly lastUsed: Float64Array;
  private readonly x: Float64Array;
  private readonly ranks: RankWindow;
  private count = 0;
  private t = 0;
  private min = Infinity;
  private max = -Infinity;
  private ewMean = 0;
  private ewMad = 0;

  constructor(readonly config: PatternConfig = DEFAULT_PATTERN) {
    this.recent = new Window(config.window * config.aggregate);
    this.protos = new Float64Array(config.capacity * config.window);
    this.lastUsed = new Float64Array(config.capacity);
    this.x = new Float64Array(config.window);
    this.ranks = new RankWindow(config.rankWindow);
  }

  /** Learns `value` and returns the novelty of the pattern ending at it (0 until a pattern is full). */
  raw(input: number): number {
    const { window: w, vigilance, rate, detrend } = this.config;
    let value = input;
    if (this.config.transform === 'rank') value = this.ranks.rank(input);
    if (this.config.transform === 'rank' || this.config.scale === 'quantile') this.ranks.push(input);
    this.t++;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    if (this.t === 1) this.ewMean = value;
    const a = Math.max(this.config.madRate, 1 / this.t);
    this.ewMad += a * (Math.abs(value - this.ewMean) - this.ewMad);
    this.ewMean += a * (value - this.ewMean);
    this.recent.push(value);
    const g = this.config.aggregate;
    if (this.recent.count < w * g) return 0;
    const mean = this.recent.mean * detrend;
    for (let j = 0; j < w; j++) {
      let sum = 0;
      for (let k = 0; k < g; k++) sum += this.recent.get(j * g + k)!;
      this.x[j] = sum / g - mean;
    }
    const floor = 1e-9 * Math.max(1, Math.abs(this.max));
    const q = this.config.quantile;
    const spread =
      this.config.scale === 'range' ? this.max - this.min : this.config.scale === 'mad' ? this.ewMad : this.ranks.quantile(1 - q) - this.ranks.quantile(q);
    const range = Math.max(spread, floor);
    let best = -1;
    let bestD = Infinity;
    for (let p = 0; p < this.count; p++) {
      const base = p * w;
      let d = 0;
      for (let j = 0; j < w && d < bestD; j++) d += Math.abs(this.x[j]! - this.protos[base + j]!);
      if (d < bestD) {
        bestD = d;
        best = p;
      }
    }
    const dist = best < 0 ? 1 : bestD / w / range;
    if (best >= 0 && dist <= vigilance) {
      const base = best * w;
      for (let j = 0; j < w; j++) this.protos[base + j]! += rate * (this.x[j]! - this.protos[base + j]!);
      this.lastUsed[best] = this.t;
    } else this.store();
    return best < 0 ? 0 : dist;
  }

  private store(): void {
    let slot = this.count;
    if (slot === this.config.capacity) {
      slot = 0;
      for (let p = 1; p < this.count; p++) if (this.lastUsed[p]! < this.lastUsed[slot]!) slot = p;
    } else this.count++;
    this.protos.set(this.x, slot * this.config.window);
    this.lastUsed[slot] = this.t;
  }
}
