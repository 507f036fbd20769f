import { Contract, type Context } from 'fabric-contract-api';
import { assertWriter } from './access.js';
import { BATCH_COUNT, INDEX_VALUE, SUBJECT, TIME, daysBetween, utcKey } from './keys.js';
import { auditPath, leafOf, rootOf } from './merkle.js';
import { batchCount, batchKey, encode, eventKey, readBatch, readEvent, scan, type BatchRecord, type EventRecord } from './records.js';
import { SUBJECT_KINDS, committedFields, hashEvent, isIsoInstant, parseBatch } from './validate.js';

/** Chaincode event emitted once per committed batch (payload: batch number, root, size, ids). */
export const BATCH_EVENT = 'swaybot.ledger.batch';
/** Time queries spanning more UTC days than this scan the whole time index instead of per day. */
const MAX_DAY_BUCKETS = 366;

/**
 * The swaybot availability ledger on Fabric. Each AppendBatch is one transaction holding one
 * group-commit batch: it checks the schema, recomputes every event hash and the batch's RFC 6962
 * Merkle root, refuses known or repeated ids, then stores the events with their indexes.
 * Errors start with a code (`INVALID_BATCH`, `ROOT_MISMATCH`, `DUPLICATE_EVENT`, `ACCESS_DENIED`,
 * `NOT_FOUND`, `BAD_QUERY`) that clients may match; the rest is for people.
 * Everything written derives from the arguments and the state: no clock, no randomness.
 */
export class LedgerContract extends Contract {
  constructor() {
    super('LedgerContract');
  }

  /** Appends one batch `{root, events}`; returns `{batch, root, size}` as canonical JSON. */
  async AppendBatch(ctx: Context, batchJson: string): Promise<string> {
    assertWriter(ctx);
    const batch = parseBatch(batchJson);
    const seen = new Map<string, number>();
    const problems: string[] = [];
    for (const [i, e] of batch.events.entries()) {
      const first = seen.get(e.id);
      if (first !== undefined) problems.push(`event id \`${e.id}\` appears twice in this batch (events[${first}] and events[${i}])`);
      else seen.set(e.id, i);
    }
    for (const id of seen.keys()) {
      const known = await readEvent(ctx, id);
      if (known) problems.push(`event id \`${id}\` is already recorded (batch ${known.batch}, index ${known.index})`);
    }
    if (problems.length > 0) throw new Error(`DUPLICATE_EVENT: ${problems.join('; ')}`);

    const hashes = batch.events.map(hashEvent);
    const root = rootOf(hashes.map(leafOf));
    if (root !== batch.root) {
      throw new Error(`ROOT_MISMATCH: the batch says root ${batch.root} but its events hash to ${root}`);
    }

    const n = (await batchCount(ctx)) + 1;
    for (const [index, e] of batch.events.entries()) {
      const event = 'payload' in e ? { ...committedFields(e), payload: e.payload } : committedFields(e);
      const record: EventRecord = { event, batch: n, index, hash: hashes[index] as string };
      const utc = utcKey(e.time);
      await ctx.stub.putState(eventKey(ctx, e.id), encode(record));
      await ctx.stub.putState(ctx.stub.createCompositeKey(SUBJECT, [e.subject.kind, e.subject.id, utc, e.id]), INDEX_VALUE);
      await ctx.stub.putState(ctx.stub.createCompositeKey(TIME, [utc.slice(0, 10), utc, e.id]), INDEX_VALUE);
    }
    const ids = batch.events.map((e) => e.id);
    const record: BatchRecord = { batch: n, root, size: ids.length, eventIds: ids, eventHashes: hashes, txId: ctx.stub.getTxID() };
    await ctx.stub.putState(batchKey(ctx, n), encode(record));
    await ctx.stub.putState(BATCH_COUNT, encode(n));
    ctx.stub.setEvent(BATCH_EVENT, encode({ batch: n, root, size: ids.length, eventIds: ids }));
    return Buffer.from(encode({ batch: n, root, size: ids.length })).toString('utf8');
  }

  /** The stored record `{event, batch, index, hash}` of one event, or `null`. */
  async GetEvent(ctx: Context, id: string): Promise<string> {
    return json((await readEvent(ctx, id)) ?? null);
  }

  /** Records for a JSON array of ids, `null` where unknown: one round trip for a whole batch. */
  async GetEvents(ctx: Context, idsJson: string): Promise<string> {
    const ids = parseJson<unknown>(idsJson, 'ids');
    if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string' && id.length > 0)) {
      throw new Error('BAD_QUERY: ids must be a JSON array of non-empty strings');
    }
    const out: (EventRecord | null)[] = [];
    for (const id of ids as string[]) out.push((await readEvent(ctx, id)) ?? null);
    return json(out);
  }

  /** Events about one subject with `from <= time < to` (either may be empty), by time then commit order. */
  async QueryBySubject(ctx: Context, kind: string, id: string, from: string, to: string): Promise<string> {
    if (!SUBJECT_KINDS.includes(kind as never)) throw new Error(`BAD_QUERY: subject kind must be one of ${SUBJECT_KINDS.join(', ')}`);
    if (id.length === 0) throw new Error('BAD_QUERY: subject id must not be empty');
    const range = timeRange(from, to);
    const ids = (await scan(ctx, SUBJECT, [kind, id])).map((kv) => ctx.stub.splitCompositeKey(kv.key).attributes);
    return json(await load(ctx, ids.filter((a) => inRange(a[2], range)).map((a) => a[3] as string)));
  }

  /** Events with `from <= time < to` (either may be empty), by time then commit order. */
  async QueryByTime(ctx: Context, from: string, to: string): Promise<string> {
    const range = timeRange(from, to);
    const days = range.from && range.to ? daysBetween(range.from, range.to, MAX_DAY_BUCKETS) : undefined;
    const keys: string[][] = [];
    if (days) for (const day of days) keys.push(...(await scan(ctx, TIME, [day])).map((kv) => ctx.stub.splitCompositeKey(kv.key).attributes));
    else keys.push(...(await scan(ctx, TIME, [])).map((kv) => ctx.stub.splitCompositeKey(kv.key).attributes));
    return json(await load(ctx, keys.filter((a) => inRange(a[1], range)).map((a) => a[2] as string)));
  }

  /** Batch `n` (from 1): `{batch, root, size, eventIds, eventHashes, txId}`. */
  async GetBatch(ctx: Context, n: string): Promise<string> {
    const num = Number(n);
    if (!Number.isInteger(num) || num < 1) throw new Error(`BAD_QUERY: batch number must be a positive integer, got \`${n}\``);
    const batch = await readBatch(ctx, num);
    if (!batch) throw new Error(`NOT_FOUND: no batch ${num} (the ledger holds ${await batchCount(ctx)})`);
    return json(batch);
  }

  /** Inclusion proof `{eventId, batch, index, size, path, eventHash, leafHash, root}` from the stored batch. */
  async ProveEvent(ctx: Context, id: string): Promise<string> {
    const record = await readEvent(ctx, id);
    if (!record) throw new Error(`NOT_FOUND: no committed event with id \`${id}\``);
    const batch = await readBatch(ctx, record.batch);
    if (!batch) throw new Error(`NOT_FOUND: batch ${record.batch} of event \`${id}\` is missing`);
    const leaves = batch.eventHashes.map(leafOf);
    const proof = { eventId: id, batch: batch.batch, index: record.index, size: batch.size, path: auditPath(leaves, record.index) };
    return json({ ...proof, eventHash: record.hash, leafHash: leaves[record.index], root: batch.root });
  }
}

interface Range {
  from?: string;
  to?: string;
}

function timeRange(from: string, to: string): Range {
  const range: Range = {};
  for (const [name, value] of [['from', from], ['to', to]] as const) {
    if (value === '') continue;
    if (!isIsoInstant(value)) throw new Error(`BAD_QUERY: ${name} must be an ISO 8601 date-time with an offset, or empty`);
    range[name] = utcKey(value);
  }
  return range;
}

const inRange = (utc: string | undefined, r: Range): boolean =>
  utc !== undefined && (r.from === undefined || utc >= r.from) && (r.to === undefined || utc < r.to);

async function load(ctx: Context, ids: string[]): Promise<EventRecord[]> {
  const records: EventRecord[] = [];
  for (const id of ids) {
    const record = await readEvent(ctx, id);
    if (record) records.push(record);
  }
  // Key order is (time, id); the ledger promises (time, commit order).
  return records.sort((a, b) => cmp(utcKey(a.event.time), utcKey(b.event.time)) || a.batch - b.batch || a.index - b.index);
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const json = (value: unknown): string => Buffer.from(encode(value)).toString('utf8');

function parseJson<T>(text: string, what: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`BAD_QUERY: ${what} is not JSON`);
  }
}
