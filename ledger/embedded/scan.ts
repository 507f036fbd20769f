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
  /** Leaf hash of every committed event, in commit order: the log-wide tree signed heads cover. */
  leaves: string[];
  /** Batch number → Merkle root and leaf hashes, for proofs. */
  batches: Map<number, { root: string; leaves: string[] }>;
  problems: VerifyProblem[];
  records: number;
  /** Where the next batch continues the chain. */
  head: { seq: number; batch: number; prevHash: string };
  tail?: TornTail;
  /** Bytes after the last readable commit record that are damage, not a torn write (in `problems`). */
  damagedTail?: true;
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

  // The last readable commit record ends the committed log; `tailOf` judges what follows it.
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
  const leaves: string[] = [];
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
    const batchLeaves = members.map((m) => leafHash(eventHash(m.record.event)));
    if (batchLeaves.length === 0 || merkleRoot(batchLeaves) !== rec.root) {
      problems.push({ ...where, reason: `Merkle root of batch ${rec.batch} does not match its events` });
    }
    batches.set(rec.batch, { root: rec.root, leaves: batchLeaves });
    leaves.push(...batchLeaves);
    for (const m of members) {
      const { event, batch, index } = m.record;
      events.push({ event, batch, index, seq: m.record.seq, segment: m.segment, offset: m.offset });
    }
    lastBatch = rec.batch;
    open = undefined;
  }

  const head = { seq, batch: lastBatch + 1, prevHash };
  const end = tailOf(items, boundary, segments, head);
  for (const [name, at] of partial) {
    if (!end.tail || names.indexOf(name) < names.indexOf(end.tail.segment)) problems.push({ segment: name, offset: at, reason: 'unterminated frame inside the log' });
  }
  problems.push(...end.damage);
  const result: ScanResult = { segments, events, leaves, batches, problems, records: boundary + 1, head };
  if (end.tail) result.tail = end.tail;
  if (end.damage.length > 0) result.damagedTail = true;
  return result;
}

const NOT_TORN = 'complete on disk after the last readable commit record, so not a torn write: its batch may have been acknowledged, and nothing is cut';

/**
 * What follows the last readable commit record. It is a torn tail, safe to cut, only when it
 * is what a batch write cut short by a crash leaves: complete event records that continue the
 * chain exactly as the writer would have (seq, batch, leaf index, prevHash, own hash), then at
 * most one unterminated fragment, all in one segment (a batch never spans two). The writer
 * acknowledges a batch only after its single write, commit record and newline included, was
 * fsynced, so a crash can only leave the file ending inside that write. Anything else there,
 * above all a complete record that cannot be read (a damaged commit record), was written
 * whole and damaged afterwards: it is reported, never cut.
 */
function tailOf(
  items: Item[],
  boundary: number,
  segments: ScanResult['segments'],
  head: ScanResult['head'],
): { tail?: TornTail; damage: VerifyProblem[] } {
  const cutItem = items[boundary];
  const segment = cutItem ? cutItem.segment : segments[0]?.name;
  if (segment === undefined) return { damage: [] };
  const offset = cutItem ? cutItem.frame.end : 0;
  const idx = segments.findIndex((s) => s.name === segment);
  const laterSegments = segments.slice(idx + 1).map((s) => s.name);
  const droppedBytes = segments[idx]!.size - offset + segments.slice(idx + 1).reduce((n, s) => n + s.size, 0);
  if (droppedBytes === 0) return { damage: [] };

  const holding = [...(segments[idx]!.size > offset ? [segment] : []), ...segments.slice(idx + 1).filter((s) => s.size > 0).map((s) => s.name)];
  if (holding.length > 1) {
    const reason = `bytes after the last readable commit record in ${holding.length} segments (${holding.join(', ')}): a torn batch lies in one, so this is damage, and nothing is cut`;
    return { damage: [{ segment, offset, reason }] };
  }
  const damage: VerifyProblem[] = [];
  const droppedEventIds: string[] = [];
  let { seq, prevHash } = head;
  for (const { segment: at, frame } of items.slice(boundary + 1)) {
    const where = { segment: at, offset: frame.offset };
    const rec = 'json' in frame ? parseRecord(frame.json) : frame.error;
    if (typeof rec === 'string') {
      damage.push({ ...where, reason: `damaged record (${rec}), ${NOT_TORN}` });
      break;
    }
    const expected = rec.k === 'event' && rec.seq === seq && rec.batch === head.batch && rec.index === droppedEventIds.length && rec.prevHash === prevHash;
    if (!expected || recordHash(rec) !== rec.hash) {
      const id = rec.k === 'event' ? { eventId: rec.event.id } : {};
      damage.push({ ...where, seq: rec.seq, batch: rec.batch, ...id, reason: `record does not continue the chain as the next batch would; ${NOT_TORN}` });
      break;
    }
    droppedEventIds.push(rec.event.id);
    seq += 1;
    prevHash = rec.hash;
  }
  if (damage.length > 0) return { damage };
  return { tail: { segment, offset, laterSegments, droppedBytes, droppedEventIds }, damage: [] };
}
