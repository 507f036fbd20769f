/**
 * The errors the time-series store raises on purpose, each a `SwaybotError`: bad rollups (the
 * whole batch is refused, nothing is stored), bad queries or options, and use after `close()`.
 */
import { SwaybotError } from '../../errors/index.js';

/** A rollup failed validation on append; `issues` lists each problem as `rollups[i].field: message`. */
export class InvalidRollupError extends SwaybotError {
  override name = 'InvalidRollupError';
  readonly retryable = false;
  readonly issues: readonly string[];

  constructor(issues: readonly string[]) {
    const shown = issues.slice(0, 10).join('; ');
    const more = issues.length > 10 ? ` (and ${issues.length - 10} more)` : '';
    super(`Invalid rollup batch, nothing stored: ${shown}${more}`, { details: { issues: issues.slice(0, 50) } });
    this.issues = issues;
  }
}

/** A query, a retention setting or an open option is malformed. */
export class InvalidStoreArgumentError extends SwaybotError {
  override name = 'InvalidStoreArgumentError';
  readonly retryable = false;

  constructor(message: string) {
    super(message);
  }
}

/** The store was closed (or failed to open); open a new one. */
export class StoreClosedError extends SwaybotError {
  override name = 'StoreClosedError';
  readonly retryable = false;

  constructor(path: string) {
    super(`Time-series store ${path} is closed`, { details: { path } });
  }
}
