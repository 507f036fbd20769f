/** The embedded time-series store's public surface (no Temporal imports): see README.md. */
export { TimeSeriesStore, type AppendResult, type SeriesDescriptor, type SeriesPoints, type TimeSeriesStoreOptions } from './store.js';
export type { CompactionReport } from './compact.js';
export { InvalidRollupError, InvalidStoreArgumentError, StoreClosedError } from './errors.js';
export { defaultField, type Field, type PercentileField } from './fields.js';
export type { Point } from './query.js';
export type { QueryOptions } from './query-options.js';
export { DEFAULT_RETENTION, parseRetention, type Duration, type Retention, type RetentionOptions } from './retention.js';
export type { SeriesFilter } from './series-catalog.js';
