/** A write was asked of a ledger opened read-only; reopen it without `readOnly` (taking the lock) to write. */
export class ReadOnlyLedgerError extends Error {
  override name = 'ReadOnlyLedgerError';
}
