/** The StatsD / DogStatsD parser's public surface: pure, no I/O, never throws. */
export { parseLine, parseRange } from './line.js';
export { parsePacket } from './packet.js';
export { canonicalTags, identityHash, joinSeriesKey, seriesKey, seriesOf, TYPE_CODES } from './series.js';
export {
  DEFAULT_LIMITS,
  emptyCounts,
  MALFORMED_REASONS,
  type GaugeMetric,
  type LineResult,
  type MalformedCounts,
  type MalformedReason,
  type Metric,
  type MetricType,
  type PacketResult,
  type ParseLimits,
  type Rejection,
  type SampledMetric,
  type SetMetric,
  type Tags,
} from './types.js';
