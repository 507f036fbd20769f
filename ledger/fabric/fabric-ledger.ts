import { canonicalJson, sha256Hex } from '../../json/canonical.js';
import { DuplicateEventError } from '../errors/duplicate-event.js';
import { LedgerRejectedError } from '../errors/ledger-rejected.js';
import { LedgerUnavailableError } from '../errors/ledger-unavailable.js';
import { UnknownEventError } from '../errors/unknown-event.js';
import { eventHash, parseEvent, type EventInput, type LedgerEvent } from '../event.js';
import { GroupCommitWriter, type GroupCommitOptions, type GroupCommitStats } from '../group-commit.js';
import type { InclusionProof, Ledger, LedgerQuery, Receipt, VerifyProblem, VerifyReport } from '../ledger.js';
import { leafHash, merkleRoot } from '../merkle.js';
import { decodeReply, encodeBatch, eventArgumentBytes, type AppendAnswer, type ChainBatch, type ChainRecord, type PayloadPlacement } from './batch.js';
import { connectGateway, type ChaincodePort } from './gateway.js';
import { loadProfile } from './profile.js';
import { DEFAULT_RETRY, withRetry, type RetryPolicy } from './retry.js';

export interface FabricLedgerOptions {
  /** Group commit; default up to MAX_TRANSACTION_EVENTS events, or whatever arrives within 20 ms. */
  group?: GroupCommitOptions;
  /**
   * Largest AppendBatch argument (bytes of its JSON) one transaction carries; a larger gathering
   * goes as several transactions, in order. Default MAX_TRANSACTION_BYTES. An event larger than
   * this alone still goes, alone.
   */
  maxTransactionBytes?: number;
  /** Overrides of DEFAULT_RETRY (read-conflict retries within one call; see retry.ts). */
  retry?: Partial<RetryPolicy>;
  /** Default `on-chain`. With `off-chain` only `payloadHash` reaches the ledger; `get` returns no payload. */
  payloads?: PayloadPlacement;
}

type Outcome = { receipt: Receipt } | { error: Error };

/** Group-commit counters plus `transactions`: AppendBatch transactions committed. */
export interface FabricLedgerStats extends GroupCommitStats {
  transactions: number;
}

/**
 * The most events one AppendBatch takes (the chaincode's MAX_BATCH_EVENTS). Every transaction
 * waits about one BatchTimeout plus a commit whatever its size, and batches go one at a time
 * (each reads and bumps the chaincode's `batchCount`), so the fullest batch is the cheapest per
 * event: 1,000 events rather than 256 (docs/fabric.md, "Benchmark").
 */
export const MAX_TRANSACTION_EVENTS = 1000;
/**
 * Default byte cap of one AppendBatch argument. The prepared transaction the gateway sends back
 * to be signed holds the argument and the write set (the same events again, their index keys and
 * the batch record), about 2.3× the argument, which must stay under gRPC's 4 MiB default message
 * size and well under the orderer's AbsoluteMaxBytes (10 MB on the dev network).
 */
export const MAX_TRANSACTION_BYTES = 1024 * 1024;

/** Rounds of "some ids were already there, submit the rest" before giving up on a batch. */
const MAX_DUPLICATE_ROUNDS = 3;

/**
 * The Ledger on Hyperledger Fabric: appends are gathered by GroupCommitWriter and each batch is
 * one AppendBatch transaction, so `append` resolves only once that transaction committed VALID.
 * Retried activities are answered from the chain: an id already committed with the same
 * content resolves to its stored receipt, with other content it rejects DuplicateEventError.
 */
export class FabricLedger implements Ledger {
  readonly #port: ChaincodePort;
  readonly #retry: RetryPolicy;
  readonly #payloads: PayloadPlacement;
  readonly #maxBytes: number;
  readonly #writer: GroupCommitWriter<LedgerEvent, Outcome>;
  #transactions = 0;
  #closed = false;

  constructor(port: ChaincodePort, options: FabricLedgerOptions = {}) {
    this.#port = port;
    this.#retry = { ...DEFAULT_RETRY, ...options.retry };
    this.#payloads = options.payloads ?? 'on-chain';
    this.#maxBytes = options.maxTransactionBytes ?? MAX_TRANSACTION_BYTES;
    if (!(this.#maxBytes > 0)) throw new RangeError(`maxTransactionBytes must be positive, got ${this.#maxBytes}`);
    // Transactions take ~BatchTimeout to commit: gather for longer than on local disk.
    this.#writer = new GroupCommitWriter(
      { writeBatch: (events) => this.#writeBatch(events) },
      { maxBatch: MAX_TRANSACTION_EVENTS, maxDelayMs: 20, ...options.group },
    );
  }

  /** Group-commit counters (`batches`: gatherings) and `transactions`: AppendBatch transactions committed. */
  get stats(): Readonly<FabricLedgerStats> {
    return { ...this.#writer.stats, transactions: this.#transactions };
  }

  /** Connects with `identity` from the connection profile file that `npm run fabric:up` writes. */
  static async connect(profileFile: string, identity = 'writer', options: FabricLedgerOptions = {}): Promise<FabricLedger> {
    return new FabricLedger(await connectGateway(await loadProfile(profileFile), identity), options);
  }

  async append(input: EventInput): Promise<Receipt> {
    if (this.#closed) throw new LedgerUnavailableError('The Fabric ledger is closed');
    const outcome = await this.#writer.submit(parseEvent(input));
    if ('error' in outcome) throw outcome.error;
    return outcome.receipt;
  }

  async get(id: string): Promise<LedgerEvent | undefined> {
    const record = await this.#evaluate<ChainRecord | null>('GetEvent', id);
    return record?.event;
  }

  async query(filter: LedgerQuery = {}): Promise<LedgerEvent[]> {
    const [from, to] = [filter.from ?? '', filter.to ?? ''];
    const records = filter.subject
      ? await this.#evaluate<ChainRecord[]>('QueryBySubject', filter.subject.kind, filter.subject.id, from, to)
      : await this.#evaluate<ChainRecord[]>('QueryByTime', from, to);
    // The chaincode indexes subject and time; the type filter and the limit apply here.
    const events = records.map((r) => r.event).filter((e) => filter.type === undefined || e.type === filter.type);
    return filter.limit === undefined ? events : events.slice(0, filter.limit);
  }

  async prove(eventId: string): Promise<InclusionProof> {
    try {
      return await this.#evaluate<InclusionProof>('ProveEvent', eventId);
    } catch (error) {
      if (error instanceof LedgerRejectedError && error.code === 'NOT_FOUND') throw new UnknownEventError(eventId);
      throw error;
    }
  }

  /**
   * Re-checks what the chaincode stored: each batch's root against its event hashes, and each
   * event's hash (and on-chain payload) against its fields. Block hashes and endorsements are
   * Fabric's own business; this catches a chaincode that stored something other than it proved.
   */
  async verify(): Promise<VerifyReport> {
    const problems: VerifyProblem[] = [];
    let events = 0;
    let n = 0;
    for (;;) {
      const batch = await this.#batch(n + 1);
      if (!batch) break;
      n += 1;
      const at = (reason: string, eventId?: string): VerifyProblem => ({ segment: `batch ${n}`, offset: 0, batch: n, reason, ...(eventId === undefined ? {} : { eventId }) });
      if (merkleRoot(batch.eventHashes.map(leafHash)) !== batch.root) problems.push(at('batch root does not match its event hashes'));
      const records = await this.#evaluate<(ChainRecord | null)[]>('GetEvents', JSON.stringify(batch.eventIds));
      records.forEach((r, i) => {
        const id = batch.eventIds[i] as string;
        events += 1;
        if (!r) return problems.push(at('event listed in the batch is missing', id));
        if (eventHash(r.event) !== batch.eventHashes[i]) problems.push(at('event fields do not match the hash committed in its batch', id));
        if ('payload' in r.event && sha256Hex(canonicalJson(r.event.payload)) !== r.event.payloadHash) problems.push(at('payload does not match payloadHash', id));
        return undefined;
      });
    }
    return { ok: problems.length === 0, records: events + n, events, batches: n, problems };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#writer.flush();
    this.#port.close();
  }

  async #batch(n: number): Promise<ChainBatch | undefined> {
    try {
      return await this.#evaluate<ChainBatch>('GetBatch', String(n));
    } catch (error) {
      if (error instanceof LedgerRejectedError && error.code === 'NOT_FOUND') return undefined;
      throw error;
    }
  }

  async #evaluate<T>(fn: string, ...args: string[]): Promise<T> {
    return decodeReply<T>(fn, await withRetry(`Evaluating ${fn}`, () => this.#port.evaluate(fn, ...args), this.#retry));
  }

  /**
   * One GroupCommitWriter batch → one AppendBatch transaction, or several in order when its
   * argument would pass the byte cap (more also when ids were already known). When a later
   * transaction fails, the earlier ones keep their receipts and the rest get its error.
   */
  async #writeBatch(events: readonly LedgerEvent[]): Promise<Outcome[]> {
    const outcomes = new Map<number, Outcome>();
    // Same id twice in one gathering: the later ones follow the first.
    const first = new Map<string, number>();
    events.forEach((e, i) => {
      if (!first.has(e.id)) first.set(e.id, i);
    });
    const chunks = this.#chunks(events, [...first.values()]);
    for (const [k, chunk] of chunks.entries()) {
      try {
        await this.#writeTransaction(events, chunk, outcomes);
      } catch (error) {
        if (k === 0) throw error;
        for (const i of chunks.slice(k).flat()) if (!outcomes.has(i)) outcomes.set(i, { error: error as Error });
        break;
      }
    }
    return events.map((e, i) => {
      const lead = first.get(e.id) as number;
      const outcome = outcomes.get(lead) as Outcome;
      if (lead === i || 'error' in outcome) return outcome;
      const [a, b] = [eventHash(events[lead]!), eventHash(e)];
      return a === b ? outcome : { error: new DuplicateEventError(e.id, a, b) };
    });
  }

  /** Positions in order, cut where the next event would take the AppendBatch argument past the byte cap. */
  #chunks(events: readonly LedgerEvent[], positions: number[]): number[][] {
    const chunks: number[][] = [];
    let chunk: number[] = [];
    let bytes = 0;
    for (const i of positions) {
      const size = eventArgumentBytes(events[i] as LedgerEvent, this.#payloads);
      if (chunk.length > 0 && bytes + size > this.#maxBytes) {
        chunks.push(chunk);
        chunk = [];
        bytes = 0;
      }
      chunk.push(i);
      bytes += size;
    }
    if (chunk.length > 0) chunks.push(chunk);
    return chunks;
  }

  /** One AppendBatch transaction for `positions` (more when some ids were already known); sets their outcomes. */
  async #writeTransaction(events: readonly LedgerEvent[], positions: number[], outcomes: Map<number, Outcome>): Promise<void> {
    let pending = positions;
    for (let round = 0; pending.length > 0; round++) {
      const batch = pending.map((i) => events[i] as LedgerEvent);
      const encoded = encodeBatch(batch, this.#payloads);
      try {
        const answer = decodeReply<AppendAnswer>('AppendBatch', await withRetry('AppendBatch', () => this.#port.submit('AppendBatch', encoded.json), this.#retry));
        this.#transactions += 1;
        pending.forEach((i, index) => outcomes.set(i, { receipt: { eventId: batch[index]!.id, batch: answer.batch, index, root: answer.root } }));
        pending = [];
      } catch (error) {
        if (!(error instanceof LedgerRejectedError && error.code === 'DUPLICATE_EVENT') || round >= MAX_DUPLICATE_ROUNDS) throw error;
        pending = await this.#settleKnown(events, pending, outcomes);
      }
    }
  }

  /** Answers the ids the chain already holds from the chain; returns the positions still to submit. */
  async #settleKnown(events: readonly LedgerEvent[], pending: number[], outcomes: Map<number, Outcome>): Promise<number[]> {
    const records = await this.#evaluate<(ChainRecord | null)[]>('GetEvents', JSON.stringify(pending.map((i) => events[i]!.id)));
    const roots = new Map<number, string>();
    const rest: number[] = [];
    for (const [k, i] of pending.entries()) {
      const record = records[k];
      const event = events[i] as LedgerEvent;
      if (!record) {
        rest.push(i);
        continue;
      }
      const hash = eventHash(event);
      if (record.hash !== hash) {
        outcomes.set(i, { error: new DuplicateEventError(event.id, record.hash, hash) });
        continue;
      }
      if (!roots.has(record.batch)) roots.set(record.batch, (await this.#batch(record.batch))?.root ?? '');
      outcomes.set(i, { receipt: { eventId: event.id, batch: record.batch, index: record.index, root: roots.get(record.batch) as string } });
    }
    return rest;
  }
}
