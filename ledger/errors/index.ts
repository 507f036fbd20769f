export { InvalidEventError } from './invalid-event.js';
export { DuplicateEventError } from './duplicate-event.js';
export { UnknownEventError } from './unknown-event.js';
export { LedgerUnavailableError } from './ledger-unavailable.js';
export { ReadOnlyLedgerError } from './read-only-ledger.js';
export { LedgerRejectedError } from './ledger-rejected.js';
