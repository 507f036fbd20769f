import { readFile, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { LedgerUnavailableError } from '../errors/ledger-unavailable.js';

const LOCK = 'LOCK';

/** Is a process with this id alive here? EPERM means alive but someone else's. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the folder's single-writer lock: two processes appending to one chain would fork it.
 * A lock left by a process that died (a crash) is taken over; recovery then repairs the tail.
 * Returns the release function.
 */
export async function lockFolder(dir: string): Promise<() => Promise<void>> {
  const path = join(dir, LOCK);
  const mine = JSON.stringify({ pid: process.pid, host: hostname() });
  try {
    await writeFile(path, mine, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    let holder: { pid?: unknown; host?: unknown } = {};
    try {
      holder = JSON.parse(await readFile(path, 'utf8')) as typeof holder;
    } catch {
      // An unreadable lock was torn by a crash while being written: take it over.
    }
    if (typeof holder.pid === 'number' && holder.host === hostname() && alive(holder.pid)) {
      throw new LedgerUnavailableError(`Ledger folder \`${dir}\` is in use by process ${holder.pid}; one process writes a ledger at a time`);
    }
    await writeFile(path, mine);
  }
  return async () => {
    await unlink(path).catch(() => undefined);
  };
}
