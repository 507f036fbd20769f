/**
 * The detector contract: a `PointDetector` sees one series point by point and answers a score in
 * [0, 1] for each, using only the points so far. A factory makes a fresh one per series. Learned
 * components (a TensorFlow.js model later) plug in behind the same interface, and `combine`
 * merges several detectors' scores.
 */

/** Scores one series, point by point, in time order; state is per series. */
export interface PointDetector {
  /** Score of the point at `timestamp` (epoch ms) with `value`, in [0, 1]; sees no later point. */
  score(timestamp: number, value: number): number;
}

/** Makes a fresh detector for one series. */
export type DetectorFactory = () => PointDetector;

/** Merges the component scores of one point into one score in [0, 1]. */
export type Combiner = (scores: readonly number[]) => number;

/** The largest component score. */
export const maxCombiner: Combiner = (scores) => scores.reduce((a, b) => (b > a ? b : a), 0);

/** A detector that feeds every point to each of `parts` and merges their scores with `combiner`. */
export function combine(parts: readonly PointDetector[], combiner: Combiner = maxCombiner): PointDetector {
  const scores = new Array<number>(parts.length).fill(0);
  return {
    score(timestamp, value) {
      for (let k = 0; k < parts.length; k++) scores[k] = parts[k]!.score(timestamp, value);
      return clamp01(combiner(scores));
    },
  };
}

/** `x` clamped into [0, 1] (NaN becomes 0). */
export function clamp01(x: number): number {
  return x > 1 ? 1 : x >= 0 ? x : 0;
}
