import type { EventInput, LedgerEvent, Subject } from './event.js';
import type { MerkleProof } from './merkle.js';
import type { SignedHead } from './signed-head.js';

/**
 * Where a committed event sits: its batch, its leaf index there and that batch's Merkle root;
 * from the embedded backend also the signed head over the whole log once the event was
 * committed, which workflow histories keep and `swaybot ledger verify --receipts` checks.
 */
export interface Receipt {
  eventId: string;
  batch: number;
  index: number;
  root: string;
  head?: SignedHead;
}

/** Everything needed to check, offline, that an event is in a committed batch. */
export interface InclusionProof extends MerkleProof {
  eventId: string;
  batch: number;
  /** sha256 of the event's committed fields (see `eventHash`). */
  eventHash: string;
  /** RFC 6962 leaf hash of `eventHash`: the value `verifyProof` starts from. */
  leafHash: string;
  root: string;
  /** From the embedded writer: the signed head over the log now (it covers the event), for a receipt built from the proof. */
  head?: SignedHead;
}

/** Filter for `query`; all parts optional and combined with AND. Times are ISO instants. */
export interface LedgerQuery {
  subject?: Subject;
  type?: string;
  /** Inclusive lower bound on the event time. */
  from?: string;
  /** Exclusive upper bound on the event time. */
  to?: string;
  limit?: number;
}

/** One thing `verify` found wrong, located as precisely as the backend can. */
export interface VerifyProblem {
  segment: string;
  offset: number;
  /** Record sequence number across the whole log, when the frame could be read. */
  seq?: number;
  eventId?: string;
  batch?: number;
  reason: string;
}

/** Result of checking the whole log: ok, or every problem in log order. */
export interface VerifyReport {
  ok: boolean;
  records: number;
  events: number;
  batches: number;
  problems: VerifyProblem[];
}

/**
 * The availability ledger. `append` resolves only once the event is durably committed in a
 * batch; appending an id already committed with identical content resolves to the original
 * receipt (so retried activities never write twice), with different content it rejects with
 * DuplicateEventError. Backends: embedded segment files now, Fabric later.
 */
export interface Ledger {
  append(event: EventInput): Promise<Receipt>;
  get(id: string): Promise<LedgerEvent | undefined>;
  /** Matching events ordered by time, then commit order. */
  query(filter?: LedgerQuery): Promise<LedgerEvent[]>;
  prove(eventId: string): Promise<InclusionProof>;
  verify(): Promise<VerifyReport>;
  /** Flushes pending appends, then releases files. Later calls reject. */
  close(): Promise<void>;
}
