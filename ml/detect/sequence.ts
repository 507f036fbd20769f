/**
 * Sequence novelty over coarsely quantised values, in the spirit of contextual detectors (our own
 * code): each value becomes one of `levels` levels of the range seen so far; the levels of the
 * last k+1 points, for every order k in 1..`orders`, form a context key. The raw score is the
 * share of orders whose key was never seen before (higher orders weighted by `decay`^k), so noise
 * inside a level is ignored and a first-seen transition, level or shape stands out. Keys are
 * remembered forever (a Map of counts), so a pattern is only novel once.
 */

export interface SequenceConfig {
  levels: number;
  orders: number;
  /** Weight of order k is decay^(k−1). */
  decay: number;
  /** Minimum count for a key to be familiar. */
  familiar: number;
}

export const DEFAULT_SEQUENCE: SequenceConfig = { levels: 8, orders: 6, decay: 0.8, familiar: 1 };

export class SequenceNovelty {
  private readonly seen = new Map<number, number>();
  private readonly history: number[] = [];
  private readonly weights: number[];
  private readonly total: number;
  private min = Infinity;
  private max = -Infinity;

  constructor(readonly config: SequenceConfig = DEFAULT_SEQUENCE) {
    this.weights = Array.from({ length: config.orders }, (_, k) => config.decay ** k);
    this.total = this.weights.reduce((a, b) => a + b, 0);
  }

  /** The level of `value` in the range seen so far (the range includes `value`). */
  private level(value: number): number {
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    const range = this.max - this.min;
    if (!(range > 0)) return 0;
    return Math.min(this.config.levels - 1, Math.floor(((value - this.min) / range) * this.config.levels));
  }

  raw(value: number): number {
    const { levels, orders, familiar } = this.config;
    const q = this.level(value);
    this.history.push(q);
    if (this.history.length > orders + 1) this.history.shift();
    const n = this.history.length;
    let key = q;
    let scale = levels;
    let novel = 0;
    let counted = 0;
    for (let k = 1; k <= orders && k < n; k++) {
      key += this.history[n - 1 - k]! * scale;
      scale *= levels;
      const id = key * (orders + 1) + k;
      const c = this.seen.get(id) ?? 0;
      if (c < familiar) novel += this.weights[k - 1]!;
      counted += this.weights[k - 1]!;
      this.seen.set(id, c + 1);
    }
    return counted === 0 ? 0 : novel / this.total;
  }
}
