import { stat } from 'node:fs/promises';
import { LedgerUnavailableError, ReadOnlyLedgerError, UnknownEventError } from '../errors/index.js';
import { eventHash, type EventInput, type LedgerEvent } from '../event.js';
import type { InclusionProof, Ledger, LedgerQuery, Receipt, VerifyReport } from '../ledger.js';
import { inclusionProof, leafHash } from '../merkle.js';
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
   * Re-reads every segment and checks the committed log as `EmbeddedLedger.verify` does; the
   * uncommitted tail is reported beside the problems, not among them, since a writer may be
   * finishing that batch at this moment.
   */
  async verify(): Promise<ReadOnlyVerifyReport> {
    this.#check();
    const scan = await scanStable(this.#dir);
    const report: ReadOnlyVerifyReport = {
      ok: scan.problems.length === 0,
      records: scan.records,
      events: scan.events.length,
      batches: scan.batches.size,
      problems: scan.problems,
    };
    const tail = uncommitted(scan.tail);
    if (tail) report.uncommitted = tail;
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
