/**
 * Group commit: many concurrent callers submit items; the writer hands them to the sink in
 * batches (up to `maxBatch`, or whatever arrived within `maxDelayMs`), one batch at a time, so
 * a batch costs one write and one fsync however many callers wait on it. Every caller of a
 * batch gets its own result, or, when the sink fails, the batch's error: the activities behind
 * them fail and Temporal retries them, and deterministic event ids keep the retry from doubling.
 */

/** Writes one batch durably and returns one result per item, in order. */
export interface BatchSink<T, R> {
  writeBatch(items: readonly T[]): Promise<R[]>;
}

export interface GroupCommitOptions {
  /** Largest batch handed to the sink. Default 256. */
  maxBatch?: number;
  /** Longest an item waits for company before a partial batch is written. Default 5 ms. */
  maxDelayMs?: number;
}

interface Waiter<T, R> {
  item: T;
  resolve(result: R): void;
  reject(error: unknown): void;
}

/** Counters for tests and benchmarks. */
export interface GroupCommitStats {
  batches: number;
  items: number;
  failedBatches: number;
}

export class GroupCommitWriter<T, R> {
  readonly #sink: BatchSink<T, R>;
  readonly #maxBatch: number;
  readonly #maxDelayMs: number;
  #queue: Waiter<T, R>[] = [];
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> | undefined;
  /** Settles when the latest submitted item's batch has settled; batches go in FIFO order. */
  #latest: Promise<void> = Promise.resolve();
  readonly stats: GroupCommitStats = { batches: 0, items: 0, failedBatches: 0 };

  constructor(sink: BatchSink<T, R>, options: GroupCommitOptions = {}) {
    const { maxBatch = 256, maxDelayMs = 5 } = options;
    if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new RangeError(`maxBatch must be a positive integer, got ${maxBatch}`);
    if (!(maxDelayMs >= 0)) throw new RangeError(`maxDelayMs must be zero or more, got ${maxDelayMs}`);
    this.#sink = sink;
    this.#maxBatch = maxBatch;
    this.#maxDelayMs = maxDelayMs;
  }

  /** Queues one item; resolves with its result once its batch is written. */
  submit(item: T): Promise<R> {
    const result = new Promise<R>((resolve, reject) => {
      this.#queue.push({ item, resolve, reject });
      if (this.#queue.length >= this.#maxBatch) this.#kick();
      else this.#timer ??= setTimeout(() => this.#kick(), this.#maxDelayMs);
    });
    this.#latest = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /**
   * Resolves once everything submitted before the call has been written (or failed), without
   * waiting for the delay. Items submitted meanwhile do not hold it up.
   */
  async flush(): Promise<void> {
    this.#kick();
    await this.#latest;
  }

  #kick(): void {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    // One batch in flight at a time: the next batch gathers while this one is written.
    if (this.#writing || this.#queue.length === 0) return;
    const batch = this.#queue.splice(0, this.#maxBatch);
    this.#writing = this.#write(batch).finally(() => {
      this.#writing = undefined;
      // Whatever queued during the write has already waited that long: write it now.
      if (this.#queue.length > 0) this.#kick();
    });
  }

  async #write(batch: Waiter<T, R>[]): Promise<void> {
    try {
      const results = await this.#sink.writeBatch(batch.map((w) => w.item));
      this.stats.batches += 1;
      this.stats.items += batch.length;
      batch.forEach((w, i) => w.resolve(results[i]!));
    } catch (error) {
      this.stats.failedBatches += 1;
      for (const w of batch) w.reject(error);
    }
  }
}
