import { SwaybotError } from '../../errors/index.js';

/**
 * The ledger was closed, a failed write left it unusable until it is reopened (which recovers), or
 * the Fabric network did not answer. Retryable: Temporal's activity retry tries again later.
 */
export class LedgerUnavailableError extends SwaybotError {
  override name = 'LedgerUnavailableError';
  readonly retryable = true;
}
