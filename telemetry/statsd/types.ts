/**
 * The parser's contract: metric types, the parsed metric (a union by `type`), the closed set of
 * reasons a line is refused for, and the limits that bound a line. Shared by `rollup/` and the daemon.
 */

/** The six StatsD metric types, by their long name (`c`, `g`, `ms`, `h`, `d`, `s` on the wire). */
export type MetricType = 'counter' | 'gauge' | 'timer' | 'histogram' | 'distribution' | 'set';

/** Tags as parsed: `#k:v,flag` → `{ k: 'v', flag: '' }` (a null-prototype object; treat it as read-only). */
export type Tags = Readonly<Record<string, string>>;

interface MetricBase {
  readonly name: string;
  /** The tags in canonical order, `k:v,flag` ('' when none): with name and type, the series (`seriesOf`). */
  readonly tagKey: string;
  /**
   * A 32-bit hash of name, type and tag key (`identityHash`), for the aggregator's look-up; two
   * series may share one. Metrics built by hand must take it from `identityHash`.
   */
  readonly hash: number;
  /** `@rate`, in (0, 1]; 1 when absent. Scales counters and sampled types, ignored for gauges and sets. */
  readonly sampleRate: number;
  readonly tags: Tags;
  /** DogStatsD `|c:<container id>`; carried, not part of the series. */
  readonly container: string | null;
  /** DogStatsD `|T<unix seconds>`; carried, not used for windowing. */
  readonly timestamp: number | null;
}

/** A counter or a sampled type; `values` holds one value, or several for DogStatsD `name:1:2:3|d`. */
export interface SampledMetric extends MetricBase {
  readonly type: 'counter' | 'timer' | 'histogram' | 'distribution';
  readonly values: readonly number[];
}

/** A gauge: `delta` when the value was written with a leading `+` or `-` (Etsy statsd semantics). */
export interface GaugeMetric extends MetricBase {
  readonly type: 'gauge';
  readonly value: number;
  readonly delta: boolean;
}

/** A set: `member` is the raw text between the first `:` and the first `|` (it may hold `:`). */
export interface SetMetric extends MetricBase {
  readonly type: 'set';
  readonly member: string;
}

export type Metric = SampledMetric | GaugeMetric | SetMetric;

/** Every reason a line is refused for; a closed set (the daemon exports one counter per reason). */
export const MALFORMED_REASONS = [
  'line-too-long',
  'not-utf8',
  'unsupported',
  'empty-name',
  'bad-name',
  'missing-value',
  'bad-value',
  'missing-type',
  'unknown-type',
  'bad-sample-rate',
  'bad-tag',
  'bad-timestamp',
  'bad-field',
] as const;

export type MalformedReason = (typeof MALFORMED_REASONS)[number];

export type MalformedCounts = Record<MalformedReason, number>;

/** A refused line, with the reason and the line itself (cut to 256 characters). */
export interface Rejection {
  readonly reason: MalformedReason;
  readonly line: string;
}

export type LineResult = { readonly ok: true; readonly metric: Metric } | ({ readonly ok: false } & Rejection);

/** What one packet gave: the accepted metrics and, per reason, how many lines were refused. */
export interface PacketResult {
  readonly metrics: Metric[];
  readonly malformed: MalformedCounts;
  /** Refused lines in all; `metrics.length + rejected` is the number of non-empty lines. */
  rejected: number;
  /** The packet's first refused line, for a debug log; null when none was. */
  firstRejection: Rejection | null;
}

export interface ParseLimits {
  /** Longest line, in UTF-16 code units (bytes for ASCII), without its line break. Default 8192. */
  readonly maxLineLength: number;
  /** Longest metric name (names are ASCII, so bytes). Default 250. */
  readonly maxNameLength: number;
  /** Longest single tag, `key:value`. Default 200. */
  readonly maxTagLength: number;
  /** Most tags on one line. Default 100. */
  readonly maxTags: number;
}

export const DEFAULT_LIMITS: ParseLimits = Object.freeze({ maxLineLength: 8192, maxNameLength: 250, maxTagLength: 200, maxTags: 100 });

/** A fresh all-zero count per reason. */
export function emptyCounts(): MalformedCounts {
  const counts = {} as MalformedCounts;
  for (const reason of MALFORMED_REASONS) counts[reason] = 0;
  return counts;
}
