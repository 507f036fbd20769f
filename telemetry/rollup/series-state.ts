/**
 * One series' state in the open window: running count, sum, min and max, the reservoir of values
 * (sampled types), the distinct members (sets) and the level (gauges, which outlive a window).
 * Strings are copied on creation so a series never keeps the packet it came from alive.
 */
import { joinSeriesKey } from '../statsd/series.js';
import { ownString } from '../statsd/tags.js';
import type { Metric, MetricType, Tags } from '../statsd/types.js';
import { nearestRank, percentileKey } from './sampling.js';
import type { Rollup } from './types.js';

function ownTags(tags: Tags): Tags {
  // Parsed tags are already owned, frozen copies (see statsd/tags.ts); others are copied.
  if (Object.isFrozen(tags)) return tags;
  const copy: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const key of Object.keys(tags)) copy[key] = ownString(tags[key] as string);
  return Object.freeze(copy);
}

export class SeriesState {
  readonly series: string;
  readonly name: string;
  readonly type: MetricType;
  readonly tagKey: string;
  readonly tags: Tags;
  /** `Metric.hash`, and the next series with the same hash (see series-index.ts). */
  readonly hash: number;
  nextInBucket: SeriesState | undefined = undefined;
  /** Set when the series is forgotten, so the ingest fast path's memory stops using it. */
  dead = false;
  /** Metrics added in the open window. */
  updates = 0;
  count = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;
  /** Gauges: the level, whether there is one, and the windows since the last update. */
  last = 0;
  hasLast = false;
  idle = 0;
  /** Sampled types: the values kept, and how many were offered this window. */
  samples: number[] = [];
  seen = 0;
  members: Set<string> | null = null;

  constructor(metric: Metric) {
    this.name = ownString(metric.name);
    this.type = metric.type;
    // Parsed tag keys are memoised copies already (statsd/tags.ts): sharing them keeps `===` cheap.
    this.tagKey = metric.tagKey;
    this.hash = metric.hash;
    this.series = joinSeriesKey(this.name, this.type, this.tagKey);
    this.tags = ownTags(metric.tags);
    if (metric.type === 'set') this.members = new Set();
  }

  addCounter(values: readonly number[], rate: number): void {
    this.updates++;
    for (const v of values) {
      this.count += v / rate;
      if (v < this.min) this.min = v;
      if (v > this.max) this.max = v;
    }
    this.sum = this.count;
  }

  /** Adds values of a timer, histogram or distribution; returns how many were not kept. */
  addSamples(values: readonly number[], rate: number, cap: number, random: () => number): number {
    this.updates++;
    let notKept = 0;
    for (const v of values) {
      this.count += 1 / rate;
      this.sum += v / rate;
      if (v < this.min) this.min = v;
      if (v > this.max) this.max = v;
      this.seen++;
      if (this.samples.length < cap) this.samples.push(v);
      else {
        // Algorithm R: every value offered so far is kept with the same chance, cap / seen.
        const slot = Math.floor(random() * this.seen);
        if (slot < cap) this.samples[slot] = v;
        notKept++;
      }
    }
    return notKept;
  }

  /** Sets the level, or moves it by `value` when `delta` (from 0 when there is none yet). */
  setGauge(value: number, delta: boolean): void {
    this.updates++;
    this.count++;
    const level = delta && this.hasLast ? this.last + value : value;
    this.last = level;
    this.hasLast = true;
    if (level < this.min) this.min = level;
    if (level > this.max) this.max = level;
  }

  /** Counts a set member; false when it is new and the set is full (it is then not counted). */
  addMember(member: string, cap: number): boolean {
    this.updates++;
    this.count++;
    const members = this.members as Set<string>;
    if (members.has(member)) return true;
    if (members.size >= cap) return false;
    members.add(ownString(member));
    return true;
  }

  /** The rollup of the window `[start, end)`. */
  rollup(start: number, end: number, percentiles: readonly number[]): Rollup {
    const seconds = Math.max(end - start, 1) / 1000;
    const { series, name, type, tags, count } = this;
    const base = { series, name, type, tags, start, end, count, rate: count / seconds };
    if (type === 'gauge') return { ...base, sum: this.last, min: this.min, max: this.max, last: this.last };
    if (type === 'set') {
      const unique = (this.members as Set<string>).size;
      return { ...base, sum: unique, min: unique, max: unique, unique };
    }
    if (type === 'counter') return { ...base, sum: this.sum, min: this.min, max: this.max };
    const sorted = Float64Array.from(this.samples).sort();
    const p: Record<string, number> = {};
    for (const pct of percentiles) p[percentileKey(pct)] = nearestRank(sorted, pct);
    return { ...base, sum: this.sum, min: this.min, max: this.max, mean: this.sum / count, p };
  }

  /** Starts a new window: a gauge keeps its level (as its min and max), the rest starts empty. */
  reset(): void {
    this.updates = 0;
    this.count = 0;
    this.sum = 0;
    this.min = this.hasLast ? this.last : Infinity;
    this.max = this.hasLast ? this.last : -Infinity;
    this.samples.length = 0;
    this.seen = 0;
    this.members?.clear();
  }
}
