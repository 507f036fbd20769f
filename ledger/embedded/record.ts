import { canonicalJson, parseCanonicalJson, sha256Hex } from '../../json/canonical.js';
import type { LedgerEvent } from '../event.js';

/** prevHash of the first record in a ledger. */
export const GENESIS = '0'.repeat(64);

/** An event as stored: its place in the log and in its batch, chained to the record before. */
export interface EventRecord {
  k: 'event';
  seq: number;
  batch: number;
  index: number;
  prevHash: string;
  event: LedgerEvent;
  hash: string;
}

/** Closes a batch: written after its events, in the same write; a batch without it never committed. */
export interface CommitRecord {
  k: 'commit';
  seq: number;
  batch: number;
  count: number;
  root: string;
  prevHash: string;
  hash: string;
}

export type LogRecord = EventRecord | CommitRecord;

/** The chain hash: sha256 over the previous record's hash and this record's canonical body. */
export function recordHash(record: Omit<LogRecord, 'hash'> & { hash?: string }): string {
  const { hash: _hash, ...body } = record;
  return sha256Hex(`${record.prevHash}${canonicalJson(body)}`);
}

/** Completes a record with its hash and renders the canonical JSON stored in the frame. */
export function sealRecord<R extends LogRecord>(body: Omit<R, 'hash'>): { record: R; json: string } {
  const record = { ...body, hash: recordHash(body as Omit<LogRecord, 'hash'>) } as R;
  return { record, json: canonicalJson(record) };
}

/**
 * Reads a frame body back into a record, or says why it is not one. The body must be canonical
 * JSON, exactly as written: a duplicate key or a `__proto__` member could make what readers get
 * differ from what the record hash covers, so such a record is unreadable, i.e. damaged.
 */
export function parseRecord(json: string): LogRecord | string {
  const parsed = parseCanonicalJson(json);
  if ('error' in parsed) return parsed.error === 'invalid JSON' ? 'record is not valid JSON' : `record is not canonical JSON: ${parsed.error}`;
  const value = parsed.value;
  if (value === null || typeof value !== 'object') return 'record is not a JSON object';
  const r = value as Record<string, unknown>;
  const isInt = (v: unknown): v is number => Number.isInteger(v);
  const isHash = (v: unknown): v is string => typeof v === 'string' && /^[0-9a-f]{64}$/.test(v);
  if (!isInt(r.seq) || !isInt(r.batch) || !isHash(r.prevHash) || !isHash(r.hash)) return 'record lacks seq, batch, prevHash or hash';
  if (r.k === 'event') {
    const e = r.event as Record<string, unknown> | null;
    if (!isInt(r.index) || e === null || typeof e !== 'object' || typeof e.id !== 'string') return 'event record lacks index or event';
    return value as EventRecord;
  }
  if (r.k === 'commit') {
    if (!isInt(r.count) || !isHash(r.root)) return 'commit record lacks count or root';
    return value as CommitRecord;
  }
  return `unknown record kind ${JSON.stringify(r.k)}`;
}
