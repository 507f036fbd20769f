/** The ledger's public surface: the interface, events, proofs, errors and the embedded backend. */
export type { Ledger, Receipt, InclusionProof, LedgerQuery, VerifyReport, VerifyProblem } from './ledger.js';
export { eventId, parseEvent, eventHash, payloadHashOf, type EventInput, type LedgerEvent, type Subject } from './event.js';
export { merkleRoot, leafHash, inclusionProof, verifyProof, type MerkleProof } from './merkle.js';
export { GroupCommitWriter, type BatchSink, type GroupCommitOptions, type GroupCommitStats } from './group-commit.js';
export { EmbeddedLedger, type EmbeddedLedgerOptions } from './embedded/embedded-ledger.js';
export type { RecoveryReport } from './embedded/recover.js';
export { ReadOnlyEmbeddedLedger, type ReadOnlyVerifyReport, type Uncommitted, type HeadOptions, type LogInclusionProof } from './embedded/read-only-ledger.js';
// Signed heads: types here, functions in heads.ts.
export type { SignedHead, TrustedKey } from './signed-head.js';
export type { HeadCheck } from './head-check.js';
export { availabilityReport, type AvailabilityReport, type IncidentFigures, type MeanFigure, type ReportWindow, type SkippedEvent } from './report.js';
export * from './errors/index.js';
