/**
 * Anomaly watch over the rollups: one streaming detector per series (ml/detect), fed one value per
 * flush window, and a small state machine per series with hysteresis. A score at or above the
 * series' threshold fires (once); the series clears after `clearAfter` windows in a row below
 * `clearBelow`. Each false positive confirmed by a person raises that series' threshold by
 * `falsePositiveRaise` (capped at `maxThreshold`), so a noisy series has to be more surprising
 * before it pages again. Pure: the daemon turns the events into incidents.
 */
import type { DetectorFactory, PointDetector } from '../ml/detect/types.js';
import type { Rollup } from './rollup/types.js';

export interface WatchOptions {
  /** Fire at or above this score. */
  threshold: number;
  /** A firing series counts a window as quiet when its score is below this. */
  clearBelow: number;
  /** Quiet windows in a row that clear a firing series. */
  clearAfter: number;
  /** Added to a series' threshold per false positive. */
  falsePositiveRaise: number;
  /** Thresholds never go above this (a series can still fire on the strongest anomalies). */
  maxThreshold: number;
  /** Most series watched at once; new series beyond it are not watched (counted). */
  maxSeries: number;
}

export const DEFAULT_WATCH: WatchOptions = { threshold: 0.5, clearBelow: 0.3, clearAfter: 30, falsePositiveRaise: 0.1, maxThreshold: 0.95, maxSeries: 10_000 };

export interface AnomalyEvent {
  kind: 'firing' | 'cleared';
  series: string;
  name: string;
  type: Rollup['type'];
  tags: Record<string, string>;
  /** The window's end (epoch ms) and the value the detector saw. */
  at: number;
  value: number;
  /** The score that fired (for `cleared`, the highest score of the episode). */
  score: number;
  /** The threshold in force for this series. */
  threshold: number;
  /** The series' last points as the detector saw them (up to `RECENT` of them, oldest first), for the plot. */
  recent: { t: number; value: number }[];
}

/** Points each watched series remembers for its plot (a replay of old data is not in the store). */
export const RECENT = 240;

/** The value a rollup gives its series' detector: counters their total, gauges their level, sets their size, samples their mean. */
export function watchedValue(r: Rollup): number {
  switch (r.type) {
    case 'counter':
      return r.sum;
    case 'gauge':
      return r.last ?? r.sum;
    case 'set':
      return r.unique ?? r.sum;
    default:
      return r.mean ?? (r.count > 0 ? r.sum / r.count : 0);
  }
}

interface Watched {
  detector: PointDetector;
  /** Ring of the last RECENT (t, value) pairs, interleaved; `seen` counts every point. */
  ring: Float64Array;
  seen: number;
  firing: boolean;
  quiet: number;
  peak: number;
}

/**
 * A series tagged `anomaly_detection:off` is stored but never scored: for backfilled history and
 * load series whose shape is known (the capacity demo sends its week of load with it).
 */
export const NO_DETECTION_TAG = { key: 'anomaly_detection', value: 'off' } as const;

export class AnomalyWatch {
  readonly #series = new Map<string, Watched>();
  readonly #falsePositives = new Map<string, number>();
  readonly #options: WatchOptions;
  readonly #factory: DetectorFactory;
  #unwatched = 0;
  #points = 0;

  constructor(factory: DetectorFactory, options: Partial<WatchOptions> = {}) {
    this.#factory = factory;
    this.#options = { ...DEFAULT_WATCH, ...options };
  }

  /** Scores each rollup in order and returns the state changes. */
  observe(rollups: readonly Rollup[]): AnomalyEvent[] {
    const events: AnomalyEvent[] = [];
    for (const r of rollups) {
      if (r.tags[NO_DETECTION_TAG.key] === NO_DETECTION_TAG.value) continue;
      const w = this.#watched(r.series);
      if (w === undefined) continue;
      const value = watchedValue(r);
      const score = w.detector.score(r.end, value);
      const slot = (w.seen++ % RECENT) * 2;
      w.ring[slot] = r.end;
      w.ring[slot + 1] = value;
      this.#points++;
      const threshold = this.thresholdOf(r.series);
      const base = { series: r.series, name: r.name, type: r.type, tags: { ...r.tags }, at: r.end, value, threshold, recent: [] as AnomalyEvent['recent'] };
      if (!w.firing) {
        if (score >= threshold) {
          Object.assign(w, { firing: true, quiet: 0, peak: score });
          events.push({ kind: 'firing', ...base, score, recent: recentOf(w) });
        }
        continue;
      }
      w.peak = Math.max(w.peak, score);
      w.quiet = score < this.#options.clearBelow ? w.quiet + 1 : 0;
      if (w.quiet >= this.#options.clearAfter) {
        events.push({ kind: 'cleared', ...base, score: w.peak });
        Object.assign(w, { firing: false, quiet: 0, peak: 0 });
      }
    }
    return events;
  }

  /** Records a confirmed false positive on `series`, raising its threshold; returns the new threshold. */
  falsePositive(series: string): number {
    this.#falsePositives.set(series, (this.#falsePositives.get(series) ?? 0) + 1);
    return this.thresholdOf(series);
  }

  /** Restores counts recorded earlier (from the store, on start). */
  restoreFalsePositives(counts: Iterable<[string, number]>): void {
    for (const [series, n] of counts) this.#falsePositives.set(series, n);
  }

  thresholdOf(series: string): number {
    const { threshold, falsePositiveRaise, maxThreshold } = this.#options;
    return Math.min(maxThreshold, threshold + falsePositiveRaise * (this.#falsePositives.get(series) ?? 0));
  }

  stats(): { watched: number; unwatched: number; points: number; firing: number } {
    let firing = 0;
    for (const w of this.#series.values()) if (w.firing) firing++;
    return { watched: this.#series.size, unwatched: this.#unwatched, points: this.#points, firing };
  }

  #watched(series: string): Watched | undefined {
    let w = this.#series.get(series);
    if (w !== undefined) return w;
    if (this.#series.size >= this.#options.maxSeries) {
      this.#unwatched++;
      return undefined;
    }
    w = { detector: this.#factory(), ring: new Float64Array(RECENT * 2), seen: 0, firing: false, quiet: 0, peak: 0 };
    this.#series.set(series, w);
    return w;
  }
}

function recentOf(w: Watched): { t: number; value: number }[] {
  const n = Math.min(w.seen, RECENT);
  const out: { t: number; value: number }[] = [];
  for (let k = w.seen - n; k < w.seen; k++) {
    const slot = (k % RECENT) * 2;
    out.push({ t: w.ring[slot]!, value: w.ring[slot + 1]! });
  }
  return out;
}
