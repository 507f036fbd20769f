import { SwaybotError } from '../../errors/index.js';

/**
 * The ledger's network refused an append for a reason retrying cannot fix: the chaincode
 * rejected the batch (`INVALID_BATCH`, `ROOT_MISMATCH`, `ACCESS_DENIED`, …) or the transaction
 * was invalidated for good (`ENDORSEMENT_POLICY_FAILURE`, …). `retryable` is always false, so the
 * activity layer fails the activity without retries; `code` is the machine-readable reason.
 */
export class LedgerRejectedError extends SwaybotError {
  override name = 'LedgerRejectedError';
  readonly retryable = false;
  readonly code: string;
  /** The refusal as the network worded it (the chaincode's own message where there is one). */
  readonly reason: string;

  constructor(code: string, reason: string) {
    super(`The ledger refused the append (${code}): ${reason}`, { details: { code } });
    this.code = code;
    this.reason = reason;
  }
}
