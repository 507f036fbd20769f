/**
 * The output gate that makes scores sparse, as NAB rewards: nothing during a warm-up; a detection
 * when the surprise reaches `fire`, then a rest of `rest` points (growing with the points seen)
 * with nothing reported, since only the first detection in an anomaly window counts and every
 * false positive costs. Only detections are reported.
 */

export interface GateConfig {
  warmup: number;
  fire: number;
  rest: number;
  /** The rest grows with the points seen: at least `restFraction` × points so far. */
  restFraction: number;
  /** During a rest, a surprise this much above the last detection's is a new detection (Infinity: never). */
  breakMargin: number;
}

export const DEFAULT_GATE: GateConfig = { warmup: 100, fire: 0.36, rest: 50, restFraction: 0.04, breakMargin: 0.1 };

export class Gate {
  private t = 0;
  private quietUntil = 0;
  private last = 0;

  constructor(readonly config: GateConfig = DEFAULT_GATE) {}

  /** The score to report for a point whose surprise is `score`: the score at a detection, else 0. */
  next(score: number): number {
    const c = this.config;
    this.t++;
    if (this.t <= c.warmup || score < c.fire) return 0;
    if (this.t < this.quietUntil && !(score > this.last + c.breakMargin)) return 0;
    this.last = score;
    this.quietUntil = this.t + Math.max(c.rest, c.restFraction * this.t);
    return score;
  }
}
