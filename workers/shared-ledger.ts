/**
 * One open embedded ledger per folder per process. The embedded backend is
 * single-writer per folder (a LOCK file), so several workers in one process
 * (tests, benchmarks) must share the ledger rather than each opening it; the
 * last one to let go closes it.
 */
import { isAbsolute, resolve } from 'node:path';
import { EmbeddedLedger, type Ledger } from '../ledger/index.js';
import type { Config } from '../config/schema.js';

interface Entry {
  ledger: Promise<EmbeddedLedger>;
  users: number;
}

const open = new Map<string, Entry>();
/** Closes still in progress, by folder: a new open waits for the LOCK to be released. */
const closing = new Map<string, Promise<void>>();

/** The ledger folder of `config`: `loadConfig` resolves it already; a raw config's relative path is taken from `stateDir`. */
export function ledgerDir(config: Config): string {
  const dir = config.ledger.dir;
  return isAbsolute(dir) ? dir : resolve(config.stateDir, dir);
}

/** A held ledger and the function that lets go of it (closing it when no one else holds it). */
export interface HeldLedger {
  ledger: Ledger;
  release(): Promise<void>;
}

/** Opens the folder's ledger, or joins the one this process already has open. */
export async function holdLedger(dir: string, warn?: (fields: object, message: string) => void): Promise<HeldLedger> {
  let entry = open.get(dir);
  if (!entry) {
    const previous = closing.get(dir) ?? Promise.resolve();
    entry = { ledger: previous.then(() => EmbeddedLedger.open({ dir, ...(warn ? { warn } : {}) })), users: 0 };
    open.set(dir, entry);
    // A failed open must not stick: the next worker tries again.
    entry.ledger.catch(() => open.delete(dir));
  }
  entry.users += 1;
  const mine = entry;
  let ledger: EmbeddedLedger;
  try {
    ledger = await mine.ledger;
  } catch (error) {
    mine.users -= 1;
    throw error;
  }
  let released = false;
  return {
    ledger,
    async release() {
      if (released) return;
      released = true;
      mine.users -= 1;
      if (mine.users > 0) return;
      open.delete(dir);
      const done = ledger.close().finally(() => {
        if (closing.get(dir) === done) closing.delete(dir);
      });
      closing.set(dir, done);
      await done;
    },
  };
}
