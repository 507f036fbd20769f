/**
 * What an attacker with write access to a ledger folder can do without the head key: cut the
 * log back by whole batches, or rewrite events and recompute every hash, root and commit record
 * after them, so the folder is self-consistent again and plain `verify` passes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { eventHash, leafHash, merkleRoot, type LedgerEvent } from '../../ledger/index.js';
import { encodeFrame, splitFrames } from '../../ledger/embedded/frame.js';
import { recordHash, type LogRecord } from '../../ledger/embedded/record.js';
import { canonicalJson } from '../../json/canonical.js';

function records(path: string): { record: LogRecord; end: number }[] {
  return splitFrames(readFileSync(path)).frames.map((f) => {
    if (!('json' in f)) throw new Error(`unreadable frame at ${f.offset}`);
    return { record: JSON.parse(f.json) as LogRecord, end: f.end };
  });
}

/** Cuts the segment back to the end of its second-to-last commit record: the last batch is gone. */
export function cutLastBatch(path: string): void {
  const commits = records(path).filter((r) => r.record.k === 'commit');
  const keep = commits.at(-2)?.end ?? 0;
  writeFileSync(path, readFileSync(path).subarray(0, keep));
}

/** Changes the segment's last event and recomputes its chain, its batch's Merkle root and commit record. */
export function rewriteLastEvent(path: string, change: (event: LedgerEvent) => void): void {
  const all = records(path).map((r) => r.record);
  const at = all.findLastIndex((r) => r.k === 'event');
  const target = all[at]!;
  if (target.k !== 'event') throw new Error('no event');
  change(target.event);
  for (let i = at; i < all.length; i++) {
    const r = all[i]!;
    r.prevHash = all[i - 1]?.hash ?? '0'.repeat(64);
    if (r.k === 'commit') {
      const events = all.filter((e): e is Extract<LogRecord, { k: 'event' }> => e.k === 'event' && e.batch === r.batch);
      r.root = merkleRoot(events.map((e) => leafHash(eventHash(e.event))));
    }
    r.hash = recordHash(r);
  }
  writeFileSync(path, Buffer.concat(all.map((r) => encodeFrame(canonicalJson(r)))));
}
