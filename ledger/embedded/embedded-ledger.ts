import { DuplicateEventError, LedgerUnavailableError, UnknownEventError } from '../errors/index.js';
import { eventHash, parseEvent, type EventInput, type LedgerEvent } from '../event.js';
import { GroupCommitWriter, type GroupCommitOptions, type GroupCommitStats } from '../group-commit.js';
import type { InclusionProof, Ledger, LedgerQuery, Receipt, VerifyReport } from '../ledger.js';
import { inclusionProof, leafHash, merkleRoot } from '../merkle.js';
import { encodeFrame } from './frame.js';
import { MemoryIndexes } from './indexes.js';
import { mkdirDurably, recoverLog, type RecoveryReport } from './recover.js';
import { scanLog, SEGMENT_PATTERN } from './scan.js';
import { sealRecord, type CommitRecord, type EventRecord } from './record.js';
import { SegmentWriter } from './segment-writer.js';
import { lockFolder } from './folder-lock.js';
import { ReadOnlyEmbeddedLedger } from './read-only-ledger.js';
import { defaultHeadKeyPath, loadHeadKey, type HeadKey } from '../head-keys.js';
import type { SignedHead } from '../signed-head.js';
import { HeadSigner } from './head-signer.js';

export interface EmbeddedLedgerOptions extends GroupCommitOptions {
  /** Folder holding the segment files; created when missing. */
  dir: string;
  /** Start a new segment once the current one reaches this size. Default 64 MiB. */
  maxSegmentBytes?: number;
  /**
   * The ed25519 key that signs heads (PEM file, created with mode 0600 when missing). It must
   * live outside `dir`. Default: `keys/ledger-head.key` beside `dir`, i.e. `<stateDir>/keys/`.
   */
  headKey?: string;
  /** Told on open when recovery dropped a torn tail or found damaged records. pino's `warn` fits. */
  warn?: (fields: object, message: string) => void;
  /**
   * Read without the writer lock, alongside a live writer: nothing is created, cut or written,
   * and `append` rejects. Returns a `ReadOnlyEmbeddedLedger`.
   */
  readOnly?: boolean;
}

type Recovered = Awaited<ReturnType<typeof recoverLog>> & { key: HeadKey };

/** The embedded ledger: append-only, hash-chained segment files with a Merkle root per batch. */
export class EmbeddedLedger implements Ledger {
  /** What recovery dropped when this ledger was opened. */
  readonly recovery: RecoveryReport;
  readonly #indexes: MemoryIndexes;
  readonly #segments: SegmentWriter;
  readonly #writer: GroupCommitWriter<LedgerEvent, Receipt>;
  readonly #dir: string;
  readonly #heads: HeadSigner;
  /** Appends queued or being written, by id: a concurrent retry joins the first one. */
  readonly #pending = new Map<string, { hash: string; receipt: Promise<Receipt> }>();
  #head: { seq: number; batch: number; prevHash: string };
  /** Why appends are refused: closed, or a failed write that could not be undone. */
  #unavailable: string | undefined;
  /** Set when a failed write could not be cut back: nothing more may be written until reopen. */
  #broken: string | undefined;
  #closed: Promise<void> | undefined;
  readonly #release: () => Promise<void>;
  /** Serialises batch writes with verify's scan, so verify never reads a half-written batch. */
  #lock: Promise<unknown> = Promise.resolve();

  private constructor(options: EmbeddedLedgerOptions, recovered: Recovered, release: () => Promise<void>) {
    const { scan, report, key } = recovered;
    this.#release = release;
    this.#dir = options.dir;
    this.recovery = report;
    this.#head = scan.head;
    this.#indexes = new MemoryIndexes();
    for (const [n, b] of scan.batches) this.#indexes.addBatch(n, b.root, b.leaves);
    for (const e of scan.events) this.#indexes.addEvent(e);
    const last = scan.segments.at(-1);
    const number = last ? Number(SEGMENT_PATTERN.exec(last.name)![1]) : 1;
    this.#segments = new SegmentWriter(options.dir, number, last?.size ?? 0, options.maxSegmentBytes ?? 64 * 1024 * 1024);
    this.#writer = new GroupCommitWriter({ writeBatch: (events) => this.#writeBatch(events) }, options);
    this.#heads = new HeadSigner(key, scan.leaves);
    if (scan.damagedTail) {
      // Writing after damaged records would bury them mid-log and tangle the chain: stop until repaired.
      this.#unavailable = this.#broken =
        `Ledger \`${options.dir}\` ends in damaged records after its last readable commit record (a batch that may have been acknowledged); ` +
        'nothing was cut. Run `swaybot ledger verify`, restore or repair the segment, then reopen the ledger';
    }
  }

  /**
   * Opens (or creates) a ledger folder for writing, recovering from a crash first; with
   * `readOnly: true` opens an existing folder for reading only (no lock, no recovery cut).
   */
  static open(options: EmbeddedLedgerOptions & { readOnly: true }): Promise<ReadOnlyEmbeddedLedger>;
  static open(options: EmbeddedLedgerOptions & { readOnly?: false }): Promise<EmbeddedLedger>;
  static open(options: EmbeddedLedgerOptions): Promise<EmbeddedLedger | ReadOnlyEmbeddedLedger>;
  static async open(options: EmbeddedLedgerOptions): Promise<EmbeddedLedger | ReadOnlyEmbeddedLedger> {
    if (options.readOnly === true) return ReadOnlyEmbeddedLedger.open({ dir: options.dir });
    await mkdirDurably(options.dir);
    const release = await lockFolder(options.dir);
    let recovered: Recovered;
    try {
      const key = await loadHeadKey(options.headKey ?? defaultHeadKeyPath(options.dir), options.dir);
      recovered = { ...(await recoverLog(options.dir)), key };
    } catch (error) {
      await release();
      throw error;
    }
    const { report } = recovered;
    const warn = options.warn ?? ((fields, msg) => console.warn(msg, fields));
    if (!report.clean) {
      warn(
        { droppedBytes: report.droppedBytes, droppedEvents: report.droppedEventIds.length, truncatedAt: report.truncatedAt },
        `ledger recovery dropped a torn tail: ${report.droppedEventIds.length} unacknowledged event(s), ${report.droppedBytes} byte(s)`,
      );
    }
    if (recovered.scan.damagedTail) {
      warn({ problems: report.problems.length, last: report.problems.at(-1) }, 'ledger ends in damaged records after its last commit record: kept, not cut; appends refused until repaired; run verify');
    } else if (report.problems.length > 0) {
      warn({ problems: report.problems.length, first: report.problems[0] }, `ledger has ${report.problems.length} damaged record(s); run verify`);
    }
    return new EmbeddedLedger(options, recovered, release);
  }

  /** The signed head over everything committed now (what the latest receipt carries). */
  signedHead(): SignedHead {
    return this.#heads.current();
  }

  /** Batching counters of the group-commit writer. */
  get stats(): GroupCommitStats {
    return this.#writer.stats;
  }

  async append(input: EventInput): Promise<Receipt> {
    if (this.#unavailable) throw new LedgerUnavailableError(this.#unavailable);
    const event = parseEvent(input);
    const hash = eventHash(event);
    const done = this.#indexes.byId(event.id);
    if (done) {
      const recorded = eventHash(done.event);
      // Identical content is a retry: answer with the first receipt. The hash binds the payload.
      if (recorded !== hash) throw new DuplicateEventError(event.id, recorded, hash);
      return { eventId: event.id, batch: done.batch, index: done.index, root: this.#indexes.batch(done.batch)!.root, head: this.#heads.current() };
    }
    const inFlight = this.#pending.get(event.id);
    if (inFlight) {
      if (inFlight.hash !== hash) throw new DuplicateEventError(event.id, inFlight.hash, hash);
      return inFlight.receipt;
    }
    const receipt = this.#writer.submit(event);
    this.#pending.set(event.id, { hash, receipt });
    try {
      return await receipt;
    } finally {
      this.#pending.delete(event.id);
    }
  }

  // Copies, so a caller changing what it got back cannot change the indexes.
  async get(id: string): Promise<LedgerEvent | undefined> {
    const entry = this.#indexes.byId(id);
    return Promise.resolve(entry && structuredClone(entry.event));
  }

  async query(filter: LedgerQuery = {}): Promise<LedgerEvent[]> {
    return Promise.resolve(structuredClone(this.#indexes.query(filter)));
  }

  async prove(id: string): Promise<InclusionProof> {
    const entry = this.#indexes.byId(id);
    if (!entry) throw new UnknownEventError(id);
    const batch = this.#indexes.batch(entry.batch)!;
    const hash = eventHash(entry.event);
    return Promise.resolve({
      eventId: id,
      batch: entry.batch,
      eventHash: hash,
      leafHash: leafHash(hash),
      root: batch.root,
      ...inclusionProof(batch.leaves, entry.index),
      head: this.#heads.current(),
    });
  }

  /** Re-reads every segment from disk, so damage done after open is found too. */
  async verify(): Promise<VerifyReport> {
    await this.#writer.flush();
    const scan = await this.#exclusive(() => scanLog(this.#dir));
    const problems = [...scan.problems];
    if (scan.tail) {
      problems.push({ segment: scan.tail.segment, offset: scan.tail.offset, reason: `${scan.tail.droppedBytes} byte(s) after the last commit record` });
    }
    return { ok: problems.length === 0, records: scan.records, events: scan.events.length, batches: scan.batches.size, problems };
  }

  async close(): Promise<void> {
    if (this.#closed) return this.#closed;
    // Refuse new appends first, then let those already queued finish before the file closes.
    this.#unavailable = 'The ledger is closed';
    this.#closed = this.#writer
      .flush()
      .then(() => this.#exclusive(() => this.#segments.close()))
      .finally(() => this.#release());
    return this.#closed;
  }

  #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#lock.then(fn);
    this.#lock = run.catch(() => undefined);
    return run;
  }

  #writeBatch(events: readonly LedgerEvent[]): Promise<Receipt[]> {
    return this.#exclusive(() => this.#sealAndWrite(events));
  }

  /** Seals one batch (events, then its commit record) and writes it with one write and one fsync. */
  async #sealAndWrite(events: readonly LedgerEvent[]): Promise<Receipt[]> {
    if (this.#broken) throw new LedgerUnavailableError(this.#broken);
    let { seq, prevHash } = this.#head;
    const batch = this.#head.batch;
    const frames: Buffer[] = [];
    const records: EventRecord[] = [];
    events.forEach((event, index) => {
      const { record, json } = sealRecord<EventRecord>({ k: 'event', seq: seq++, batch, index, prevHash, event });
      prevHash = record.hash;
      records.push(record);
      frames.push(encodeFrame(json));
    });
    const leaves = events.map((e) => leafHash(eventHash(e)));
    const root = merkleRoot(leaves);
    const commit = sealRecord<CommitRecord>({ k: 'commit', seq: seq++, batch, count: events.length, root, prevHash });
    frames.push(encodeFrame(commit.json));
    try {
      await this.#segments.append(Buffer.concat(frames));
    } catch (error) {
      if (error instanceof AggregateError) this.#unavailable = this.#broken = error.message;
      throw error;
    }
    this.#head = { seq, batch: batch + 1, prevHash: commit.record.hash };
    this.#indexes.addBatch(batch, root, leaves);
    for (const r of records) this.#indexes.addEvent({ event: r.event, batch, index: r.index, seq: r.seq });
    const head = this.#heads.extend(leaves);
    return records.map((r) => ({ eventId: r.event.id, batch, index: r.index, root, head }));
  }
}
