/** The ledger was closed, or a failed write left it unusable until it is reopened (which recovers). */
export class LedgerUnavailableError extends Error {
  override name = 'LedgerUnavailableError';
}
