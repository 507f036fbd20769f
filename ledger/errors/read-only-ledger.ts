import { SwaybotError } from '../../errors/index.js';

/**
 * A write was asked of a ledger opened read-only; reopen it without `readOnly` (taking the lock)
 * to write. Not retryable: the same handle refuses every attempt.
 */
export class ReadOnlyLedgerError extends SwaybotError {
  override name = 'ReadOnlyLedgerError';
  readonly retryable = false;
}
