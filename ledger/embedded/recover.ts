import { mkdir, open, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fsyncDir } from './fs-sync.js';
import type { VerifyProblem } from '../ledger.js';
import { scanLog, type ScanResult } from './scan.js';

/** What recovery dropped on open: bytes of a batch whose commit record never reached disk. */
export interface RecoveryReport {
  /** True when nothing had to be dropped. */
  clean: boolean;
  droppedBytes: number;
  /** Complete event records of the unfinished batch (never acknowledged to any caller). */
  droppedEventIds: string[];
  /** Where the log was cut: segment and byte offset. */
  truncatedAt?: { segment: string; offset: number };
  /** Whole segments removed because they held only the unfinished batch. */
  removedSegments: string[];
  /** Damage found, left in place (see `verify`); empty on a healthy log. */
  problems: VerifyProblem[];
}

/** Creates the ledger folder when missing, durably; a path that is not a folder is a clear error. */
export async function mkdirDurably(dir: string): Promise<void> {
  const existing = await stat(dir).catch(() => undefined);
  if (existing && !existing.isDirectory()) throw new Error(`Ledger folder \`${dir}\` exists and is not a folder`);
  const made = await mkdir(dir, { recursive: true });
  if (made !== undefined) await fsyncDir(dirname(made));
}

/**
 * Scans the log folder and cuts off a torn tail: what a crash in the middle of a batch write
 * left after the last commit record (see `tailOf` in scan.ts for how it is told from damage).
 * Only that is dropped. Damage anywhere, including a damaged commit record at the very end,
 * is left in place for `verify` to report, since cutting it could lose acknowledged events.
 */
export async function recoverLog(dir: string): Promise<{ scan: ScanResult; report: RecoveryReport }> {
  const scan = await scanLog(dir);
  const tail = scan.tail;
  if (!tail) return { scan, report: { clean: true, droppedBytes: 0, droppedEventIds: [], removedSegments: [], problems: scan.problems } };

  const fh = await open(join(dir, tail.segment), 'r+');
  try {
    await fh.truncate(tail.offset);
    await fh.sync();
  } finally {
    await fh.close();
  }
  for (const name of tail.laterSegments) await unlink(join(dir, name));
  if (tail.laterSegments.length > 0) await fsyncDir(dir);

  const segments = scan.segments.filter((s) => !tail.laterSegments.includes(s.name));
  const cut = segments.find((s) => s.name === tail.segment);
  if (cut) cut.size = tail.offset;
  return {
    scan: { ...scan, segments },
    report: {
      clean: false,
      droppedBytes: tail.droppedBytes,
      droppedEventIds: tail.droppedEventIds,
      truncatedAt: { segment: tail.segment, offset: tail.offset },
      removedSegments: tail.laterSegments,
      problems: scan.problems,
    },
  };
}
