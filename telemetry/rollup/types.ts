/**
 * The aggregator's contract: the per-series `Rollup` one flush window yields (one flat,
 * JSON-serialisable object the store and the daemon consume), the options, and the counters
 * the daemon exports.
 */
import type { MalformedCounts, MetricType, Tags } from '../statsd/types.js';

export type RollupType = MetricType;

/**
 * One series over one window `[start, end)` (epoch ms). Per type:
 * - counter: `count` = `sum` = Σ value / rate; `min`/`max` of the values as sent; `rate` = count per second.
 * - timer, histogram, distribution: `count` = Σ 1 / rate, `sum` = Σ value / rate, `mean` = sum / count,
 *   `min`/`max` exact, `p` percentiles (nearest rank) of the values kept (all, up to the reservoir cap).
 * - gauge: `last` the level at `end`, `count` the updates in the window (0 when carried over),
 *   `min`/`max` the levels it took (the carried level included), `sum` = `last`.
 * - set: `unique` distinct members, `count` members received, `sum` = `min` = `max` = `unique`.
 * `rate` is always `count` per second of the window.
 */
export interface Rollup {
  series: string;
  name: string;
  type: RollupType;
  tags: Tags;
  start: number;
  end: number;
  count: number;
  sum: number;
  min: number;
  max: number;
  rate: number;
  mean?: number;
  last?: number;
  /** Percentiles by key `p50`, `p99.9`, … */
  p?: Record<string, number>;
  unique?: number;
}

export interface AggregatorOptions {
  /** Window length in ms; windows end on multiples of it (epoch-aligned). Default 10 000. */
  windowMs?: number;
  /** Percentiles reported for timers, histograms and distributions, each in (0, 100]. Default [50, 90, 95, 99]. */
  percentiles?: readonly number[];
  /** Most series held at once (persisted gauges included); metrics for new series beyond it are dropped. Default 10 000. */
  maxSeries?: number;
  /** Timestamped metrics (`|T…`, replays) held until the window closes; more are dropped and counted. Default 200 000 (~60 MB). */
  maxTimestamped?: number;
  /** Values kept per sampled series per window (a deterministic reservoir beyond it). Default 1024. */
  maxSamples?: number;
  /** Distinct members kept per set per window; later new members are not counted. Default 10 000. */
  maxSetMembers?: number;
  /** Windows a gauge with no update is still reported (carrying its last level) before it is forgotten. Default 360 (1 h at 10 s); Infinity keeps it forever. */
  gaugeIdleWindows?: number;
  /** Seed of the reservoir's pseudo-random sequence. Default 0x5eed. */
  seed?: number;
}

/** Counters the daemon exports (cumulative since the aggregator was made, except `seriesActive`). */
export interface AggregatorStats {
  packets: number;
  linesAccepted: number;
  linesMalformed: number;
  malformed: MalformedCounts;
  /** Series held now. */
  seriesActive: number;
  /** Metrics dropped because their series was new and the series limit was reached. */
  droppedSeries: number;
  /** Timestamped metrics dropped because `maxTimestamped` of them already waited for the next window. */
  droppedTimestamped: number;
  /** Set members not counted because their set's window was full. */
  droppedSetMembers: number;
  /** Values that went through the reservoir without being kept (they still count in count/sum/min/max). */
  samplesNotKept: number;
  windowsFlushed: number;
  rollupsEmitted: number;
}
