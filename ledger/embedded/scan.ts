import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { eventHash, payloadHashOf, type LedgerEvent } from '../event.js';
import type { VerifyProblem } from '../ledger.js';
import { leafHash, merkleRoot } from '../merkle.js';
import { splitFrames, type ReadFrame } from './frame.js';
import { GENESIS, parseRecord, recordHash, type EventRecord } from './record.js';

/** Segment files are `segment-000001.log`, `segment-000002.log`, … in log order. */
export const SEGMENT_PATTERN = /^segment-(\d{6})\.log$/;
export const segmentName = (n: number): string => `segment-${String(n).padStart(6, '0')}.log`;

/** A committed event and where it lives. */
export interface CommittedEvent {
  event: LedgerEvent;
  batch: number;
  index: number;
  seq: number;
  segment: string;
  offset: number;
}

/** Uncommitted bytes after the last commit record: a batch whose write never finished. */
export interface TornTail {
  /** Segment to cut, and the offset to cut it at (end of the last commit record). */
  segment: string;
  offset: number;
  /** Whole segments after it, which hold only uncommitted bytes. */
  laterSegments: string[];
  droppedBytes: number;
  /** Ids of complete but uncommitted event records in the tail (never acknowledged). */
  droppedEventIds: string[];
}

export interface ScanResult {
  segments: { name: string; size: number }[];
  events: CommittedEvent[];
  /** Batch number → Merkle root and leaf hashes, for proofs. */
  batches: Map<number, { root: string; leaves: string[] }>;
  problems: VerifyProblem[];
  records: number;
  /** Where the next batch continues the chain. */
  head: { seq: number; batch: number; prevHash: string };
  tail?: TornTail;
}

interface Item { segment: string; frame: ReadFrame }

/** Reads every segment under `dir` and checks framing, the hash chain, sequence, batches and roots. */
export async function scanLog(dir: string): Promise<ScanResult> {
  const names = (await readdir(dir)).filter((n) => SEGMENT_PATTERN.test(n)).sort();
  const segments: ScanResult['segments'] = [];
  const items: Item[] = [];
  const partial = new Map<string, number>();
  for (const name of names) {
    const buf = await readFile(join(dir, name));
    segments.push({ name, size: buf.length });
    const split = splitFrames(buf);
    for (const frame of split.frames) items.push({ segment: name, frame });
    if (split.partialAt !== undefined) partial.set(name, split.partialAt);
  }

  // The last readable commit record bounds what was ever acknowledged; after it lies the tail.
  let boundary = -1;
  for (let i = items.length - 1; i >= 0 && boundary === -1; i--) {
    const f = items[i]!.frame;
    if ('json' in f) {
      const r = parseRecord(f.json);
      if (typeof r !== 'string' && r.k === 'commit') boundary = i;
    }
  }

  const problems: VerifyProblem[] = [];
  const events: CommittedEvent[] = [];
  const batches: ScanResult['batches'] = new Map();
  const seen = new Set<string>();
  let prevHash = GENESIS;
  let chainKnown = true;
  let seq = 0;
  let lastBatch = 0;
  let open: { batch: number; members: { record: EventRecord; segment: string; offset: number }[] } | undefined;

  for (let i = 0; i <= boundary; i++) {
    const { segment, frame } = items[i]!;
    const at = { segment, offset: frame.offset };
    if ('error' in frame) {
      problems.push({ ...at, reason: frame.error });
      chainKnown = false;
      continue;
    }
    const rec = parseRecord(frame.json);
    if (typeof rec === 'string') {
      problems.push({ ...at, reason: rec });
      chainKnown = false;
      continue;
    }
    const where: Omit<VerifyProblem, 'reason'> = { ...at, seq: rec.seq, batch: rec.batch, ...(rec.k === 'event' ? { eventId: rec.event.id } : {}) };
    if (chainKnown && rec.prevHash !== prevHash) problems.push({ ...where, reason: "prevHash does not match the previous record's hash (chain broken)" });
    if (recordHash(rec) !== rec.hash) problems.push({ ...where, reason: 'record hash does not match its content (bytes changed after writing)' });
    if (rec.seq !== seq) problems.push({ ...where, reason: `sequence number ${rec.seq}, expected ${seq}` });
    prevHash = rec.hash;
    chainKnown = true;
    seq = rec.seq + 1;

    if (rec.k === 'event') {
      open ??= { batch: rec.batch, members: [] };
      if (rec.batch !== open.batch) problems.push({ ...where, reason: `event in batch ${rec.batch} inside open batch ${open.batch}` });
      if (rec.index !== open.members.length) problems.push({ ...where, reason: `leaf index ${rec.index}, expected ${open.members.length}` });
      if (rec.event.payload !== undefined && payloadHashOf(rec.event.payload) !== rec.event.payloadHash) {
        problems.push({ ...where, reason: 'payload does not match payloadHash' });
      }
      if (seen.has(rec.event.id)) problems.push({ ...where, reason: 'event id recorded twice' });
      seen.add(rec.event.id);
      open.members.push({ record: rec, segment, offset: frame.offset });
      continue;
    }
    const members = open?.members ?? [];
    if (rec.batch !== lastBatch + 1) problems.push({ ...where, reason: `batch number ${rec.batch}, expected ${lastBatch + 1}` });
    if (open && open.batch !== rec.batch) problems.push({ ...where, reason: `commit for batch ${rec.batch} closes batch ${open.batch}` });
    if (rec.count !== members.length) problems.push({ ...where, reason: `commit counts ${rec.count} events, batch holds ${members.length}` });
    const leaves = members.map((m) => leafHash(eventHash(m.record.event)));
    if (leaves.length === 0 || merkleRoot(leaves) !== rec.root) {
      problems.push({ ...where, reason: `Merkle root of batch ${rec.batch} does not match its events` });
    }
    batches.set(rec.batch, { root: rec.root, leaves });
    for (const m of members) {
      const { event, batch, index } = m.record;
      events.push({ event, batch, index, seq: m.record.seq, segment: m.segment, offset: m.offset });
    }
    lastBatch = rec.batch;
    open = undefined;
  }

  const tail = tornTail(items, boundary, segments);
  for (const [name, at] of partial) {
    if (!tail || names.indexOf(name) < names.indexOf(tail.segment)) problems.push({ segment: name, offset: at, reason: 'unterminated frame inside the log' });
  }
  const result: ScanResult = { segments, events, batches, problems, records: boundary + 1, head: { seq, batch: lastBatch + 1, prevHash } };
  if (tail) result.tail = tail;
  return result;
}

function tornTail(items: Item[], boundary: number, segments: ScanResult['segments']): TornTail | undefined {
  const cutItem = items[boundary];
  const segment = cutItem ? cutItem.segment : segments[0]?.name;
  if (segment === undefined) return undefined;
  const offset = cutItem ? cutItem.frame.end : 0;
  const idx = segments.findIndex((s) => s.name === segment);
  const laterSegments = segments.slice(idx + 1).map((s) => s.name);
  const droppedBytes = segments[idx]!.size - offset + segments.slice(idx + 1).reduce((n, s) => n + s.size, 0);
  if (droppedBytes === 0) return undefined;
  const droppedEventIds: string[] = [];
  for (const { frame } of items.slice(boundary + 1)) {
    const r = 'json' in frame ? parseRecord(frame.json) : undefined;
    if (r && typeof r !== 'string' && r.k === 'event') droppedEventIds.push(r.event.id);
  }
  return { segment, offset, laterSegments, droppedBytes, droppedEventIds };
}
