import type { LedgerEvent } from '../event.js';
import type { LedgerQuery } from '../ledger.js';

/** A committed event as the indexes hold it. */
export interface IndexedEvent {
  event: LedgerEvent;
  batch: number;
  index: number;
  seq: number;
  /** Event time in ms since the epoch, parsed once. */
  ms: number;
}

const subjectKey = (kind: string, id: string): string => `${kind}\u0000${id}`;

/**
 * In-memory indexes over committed events (by id, subject, type; time order within each),
 * rebuilt from the segments on open and extended after each committed batch.
 */
export class MemoryIndexes {
  readonly #byId = new Map<string, IndexedEvent>();
  readonly #bySubject = new Map<string, IndexedEvent[]>();
  readonly #byType = new Map<string, IndexedEvent[]>();
  readonly #all: IndexedEvent[] = [];
  readonly #batches = new Map<number, { root: string; leaves: string[] }>();

  get size(): number {
    return this.#all.length;
  }

  addEvent(entry: Omit<IndexedEvent, 'ms'>): void {
    const e: IndexedEvent = { ...entry, ms: Date.parse(entry.event.time) };
    this.#byId.set(e.event.id, e);
    push(this.#bySubject, subjectKey(e.event.subject.kind, e.event.subject.id), e);
    push(this.#byType, e.event.type, e);
    this.#all.push(e);
  }

  addBatch(batch: number, root: string, leaves: string[]): void {
    this.#batches.set(batch, { root, leaves });
  }

  byId(id: string): IndexedEvent | undefined {
    return this.#byId.get(id);
  }

  batch(n: number): { root: string; leaves: string[] } | undefined {
    return this.#batches.get(n);
  }

  /** Events matching every given part of the filter, by time then commit order. */
  query(q: LedgerQuery): LedgerEvent[] {
    const from = q.from === undefined ? -Infinity : parseTime('from', q.from);
    const to = q.to === undefined ? Infinity : parseTime('to', q.to);
    if (q.limit !== undefined && !(Number.isInteger(q.limit) && q.limit > 0)) {
      throw new RangeError(`query.limit: expected a positive integer, got ${q.limit}`);
    }
    let candidates = this.#all;
    if (q.subject) candidates = this.#bySubject.get(subjectKey(q.subject.kind, q.subject.id)) ?? [];
    if (q.type !== undefined) {
      const ofType = this.#byType.get(q.type) ?? [];
      if (ofType.length < candidates.length) candidates = ofType;
    }
    const hits = candidates.filter(
      (e) =>
        e.ms >= from &&
        e.ms < to &&
        (q.type === undefined || e.event.type === q.type) &&
        (!q.subject || (e.event.subject.kind === q.subject.kind && e.event.subject.id === q.subject.id)),
    );
    hits.sort((a, b) => a.ms - b.ms || a.seq - b.seq);
    return (q.limit === undefined ? hits : hits.slice(0, q.limit)).map((e) => e.event);
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function parseTime(name: string, value: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new RangeError(`query.${name}: expected an ISO date-time, got ${JSON.stringify(value)}`);
  return ms;
}
