import { stat } from 'node:fs/promises';
import { LedgerUnavailableError, ReadOnlyLedgerError, UnknownEventError } from '../errors/index.js';
import { eventHash, type EventInput, type LedgerEvent } from '../event.js';
import type { InclusionProof, Ledger, LedgerQuery, Receipt, VerifyReport } from '../ledger.js';
import { inclusionProof, leafHash, merkleRoot, type MerkleProof } from '../merkle.js';
import { checkHeads, type HeadCheck } from '../head-check.js';
import type { SignedHead, TrustedKey } from '../signed-head.js';
import { MemoryIndexes } from './indexes.js';
import { scanLog, type ScanResult, type TornTail } from './scan.js';

/**
 * Bytes after the last commit record, as a reader sees them: a batch a live writer is writing
 * right now, or one a crashed writer left (its next open cuts it). Never acknowledged, so not
 * part of the ledger yet, and not a problem.
 */
export interface Uncommitted {
  segment: string;
  /** Where the committed log ends and the uncommitted bytes begin. */
  offset: number;
  bytes: number;
  /** Complete event records among those bytes. */
  eventIds: string[];
}

/** `verify` of a read-only ledger: the usual report plus what lay after the last commit record. */
export interface ReadOnlyVerifyReport extends VerifyReport {
  uncommitted?: Uncommitted;
  /** One check per signed head given to `verify`; `ok` is false when any failed. */
  heads?: HeadCheck[];
}

/** Signed heads to hold the log to, and the public keys trusted to have signed them. */
export interface HeadOptions {
  heads: readonly SignedHead[];
  keys: readonly TrustedKey[];
}

/** An event's inclusion in the log-wide tree of the first `size` events (a signed head's tree). */
export interface LogInclusionProof extends MerkleProof {
  eventId: string;
  leafHash: string;
  /** Root over the first `size` leaves as this ledger holds them. */
  root: string;
}

const uncommitted = (tail: TornTail | undefined): Uncommitted | undefined =>
  tail && { segment: tail.segment, offset: tail.offset, bytes: tail.droppedBytes, eventIds: tail.droppedEventIds };

/**
 * Reads the log once; a segment can vanish between listing and reading when a writer's recovery
 * removes a torn later segment, so that case is read again rather than failed.
 */
async function scanStable(dir: string): Promise<ScanResult> {
  try {
    return await scanLog(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return scanLog(dir);
  }
}

/**
 * A reader of an embedded ledger folder that may have a live writer: it takes no lock and never
 * writes, truncates or creates anything. A writer only ever appends whole batches, so whatever a
 * read sees is a prefix of the log: the committed part is exact, and bytes after the last commit
 * record are reported as `uncommitted` instead of being cut. Open with
 * `EmbeddedLedger.open({ dir, readOnly: true })`.
 */
export class ReadOnlyEmbeddedLedger implements Ledger {
  readonly readOnly = true;
  readonly #dir: string;
  #indexes = new MemoryIndexes();
  #uncommitted: Uncommitted | undefined;
  /** Leaf hashes in commit order, and each event's position among them. */
  #leaves: string[] = [];
  #position = new Map<string, number>();
  #closed = false;

  private constructor(dir: string) {
    this.#dir = dir;
  }

  /** Reads the folder's committed events. A missing folder is an error: nothing is created. */
  static async open(options: { dir: string }): Promise<ReadOnlyEmbeddedLedger> {
    const found = await stat(options.dir).catch(() => undefined);
    if (!found) throw new Error(`Ledger folder \`${options.dir}\` does not exist`);
    if (!found.isDirectory()) throw new Error(`Ledger folder \`${options.dir}\` exists and is not a folder`);
    const ledger = new ReadOnlyEmbeddedLedger(options.dir);
    await ledger.refresh();
    return ledger;
  }

  /** Bytes after the last commit record when the log was last read (open or `refresh`). */
  get uncommitted(): Uncommitted | undefined {
    return this.#uncommitted;
  }

  /** Re-reads the folder, so batches a writer committed since open become visible. */
  async refresh(): Promise<void> {
    this.#check();
    const scan = await scanStable(this.#dir);
    const indexes = new MemoryIndexes();
    for (const [n, b] of scan.batches) indexes.addBatch(n, b.root, b.leaves);
    for (const e of scan.events) indexes.addEvent(e);
    this.#indexes = indexes;
    this.#uncommitted = uncommitted(scan.tail);
    this.#leaves = scan.leaves;
    this.#position = new Map(scan.events.map((e, i) => [e.event.id, i]));
  }

  append(_event: EventInput): Promise<Receipt> {
    return Promise.reject(
      new ReadOnlyLedgerError(`Cannot append to ledger \`${this.#dir}\`: it was opened read-only (open it without \`readOnly\` to write)`),
    );
  }

  async get(id: string): Promise<LedgerEvent | undefined> {
    this.#check();
    const entry = this.#indexes.byId(id);
    return Promise.resolve(entry && structuredClone(entry.event));
  }

  async query(filter: LedgerQuery = {}): Promise<LedgerEvent[]> {
    this.#check();
    return Promise.resolve(structuredClone(this.#indexes.query(filter)));
  }

  async prove(id: string): Promise<InclusionProof> {
    this.#check();
    const entry = this.#indexes.byId(id);
    if (!entry) throw new UnknownEventError(id);
    const batch = this.#indexes.batch(entry.batch)!;
    const hash = eventHash(entry.event);
    return Promise.resolve({ eventId: id, batch: entry.batch, eventHash: hash, leafHash: leafHash(hash), root: batch.root, ...inclusionProof(batch.leaves, entry.index) });
  }

  /**
   * Proves `id` is leaf i of the log-wide tree over the first `size` committed events, to check
   * against a signed head of that size. Throws when the head cannot cover the event: the ledger
   * holds fewer than `size` events, or the event came after them.
   */
  async logProof(id: string, size: number): Promise<LogInclusionProof> {
    this.#check();
    const entry = this.#indexes.byId(id);
    const at = this.#position.get(id);
    if (!entry || at === undefined) throw new UnknownEventError(id);
    if (size > this.#leaves.length) throw new RangeError(`The ledger holds ${this.#leaves.length} committed events, fewer than the ${size} the head covers (truncated)`);
    if (at >= size) throw new RangeError(`Event \`${id}\` is event ${at + 1} of the log, after the ${size} the head covers`);
    const leaves = this.#leaves.slice(0, size);
    const hash = leafHash(eventHash(entry.event));
    return Promise.resolve({ eventId: id, leafHash: hash, root: merkleRoot(leaves), ...inclusionProof(leaves, at) });
  }

  /**
   * Re-reads every segment and checks the committed log as `EmbeddedLedger.verify` does; the
   * uncommitted tail is reported beside the problems, not among them, since a writer may be
   * finishing that batch at this moment. With `heads`, also holds the log to each signed head
   * (`checkHeads`): a log cut short or rewritten under a head fails even when its own chain,
   * roots and commit records were recomputed to agree.
   */
  async verify(options?: HeadOptions): Promise<ReadOnlyVerifyReport> {
    this.#check();
    const scan = await scanStable(this.#dir);
    const heads = options && checkHeads(scan.leaves, options.heads, options.keys);
    const report: ReadOnlyVerifyReport = {
      ok: scan.problems.length === 0 && (heads ?? []).every((h) => h.ok),
      records: scan.records,
      events: scan.events.length,
      batches: scan.batches.size,
      problems: scan.problems,
    };
    const tail = uncommitted(scan.tail);
    if (tail) report.uncommitted = tail;
    if (heads) report.heads = heads;
    return report;
  }

  /** Nothing to flush or release; later calls reject like a closed writer's. */
  async close(): Promise<void> {
    this.#closed = true;
    return Promise.resolve();
  }

  #check(): void {
    if (this.#closed) throw new LedgerUnavailableError('The ledger is closed');
  }
}
