/** The rollup windows' public surface: the aggregator, its options and counters, and the rollup shape. */
export { Aggregator } from './aggregator.js';
export { nearestRank, percentileKey } from './sampling.js';
export type { AggregatorOptions, AggregatorStats, Rollup, RollupType } from './types.js';
