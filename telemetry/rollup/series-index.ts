/**
 * The series held, found by the parser's identity hash (`Metric.hash`, a small integer key that
 * costs no string hashing), then by comparing name, type and tag key along the bucket's chain,
 * since two series may share a hash. Iteration is in order of creation.
 */
import type { Metric } from '../statsd/types.js';
import type { SeriesState } from './series-state.js';

function same(state: SeriesState, metric: Metric): boolean {
  return state.type === metric.type && state.name === metric.name && state.tagKey === metric.tagKey;
}

export class SeriesIndex {
  /** Hash → the first series of its chain (`SeriesState.nextInBucket`). */
  readonly #buckets = new Map<number, SeriesState>();
  readonly #all = new Set<SeriesState>();

  get size(): number {
    return this.#all.size;
  }

  get(metric: Metric): SeriesState | undefined {
    let state = this.#buckets.get(metric.hash);
    while (state !== undefined && !same(state, metric)) state = state.nextInBucket;
    return state;
  }

  /** Adds a series that `get` did not find. */
  add(state: SeriesState): void {
    state.nextInBucket = this.#buckets.get(state.hash);
    this.#buckets.set(state.hash, state);
    this.#all.add(state);
  }

  delete(state: SeriesState): void {
    if (!this.#all.delete(state)) return;
    state.dead = true;
    const head = this.#buckets.get(state.hash);
    if (head === state) {
      if (state.nextInBucket === undefined) this.#buckets.delete(state.hash);
      else this.#buckets.set(state.hash, state.nextInBucket);
    } else {
      let previous = head;
      while (previous !== undefined && previous.nextInBucket !== state) previous = previous.nextInBucket;
      if (previous !== undefined) previous.nextInBucket = state.nextInBucket;
    }
    state.nextInBucket = undefined;
  }

  /** The series, oldest first; deleting the current one while iterating is allowed. */
  values(): IterableIterator<SeriesState> {
    return this.#all.values();
  }
}
