/** Opens the ledger folder a `swaybot ledger …` command names, with clear errors for the usual mistakes. */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { CliError } from '../errors.js';
import type { EmbeddedLedger } from '../../ledger/index.js';

/** `--dir` when given, else `ledger.dir` from the configuration (under `stateDir` by default). */
export async function ledgerDir(dir: string | undefined): Promise<string> {
  if (dir !== undefined) return resolve(dir);
  const { loadConfig } = await import('../../config/load.js');
  try {
    return loadConfig().ledger.dir;
  } catch (err) {
    if ((err as Error).name === 'ConfigError') throw new CliError((err as Error).message, 2);
    throw err;
  }
}

/**
 * Opens the embedded ledger. The backend has no read-only mode: opening takes the folder's
 * writer lock and cuts off a torn tail, so a folder a running stack holds is refused with the
 * holder named rather than read under a live writer. A missing folder is an error here, not a
 * new empty ledger: a typo in `--dir` must not look like "0 events, OK".
 */
export async function openLedger(dirOption: string | undefined): Promise<{ ledger: EmbeddedLedger; dir: string }> {
  const dir = await ledgerDir(dirOption);
  if (!existsSync(dir)) throw new CliError(`No ledger at ${dir}: the folder does not exist (pass --dir, or set ledger.dir in swaybot.config.yaml)`);
  if (!statSync(dir).isDirectory()) throw new CliError(`No ledger at ${dir}: it is not a folder`);
  const { EmbeddedLedger, LedgerUnavailableError } = await import('../../ledger/index.js');
  try {
    // Silent: the commands print what recovery did themselves.
    const ledger = await EmbeddedLedger.open({ dir, warn: () => undefined });
    return { ledger, dir };
  } catch (err) {
    if (err instanceof LedgerUnavailableError) {
      throw new CliError(`${err.message}. A running swaybot stack (\`swaybot up\` or a worker) holds its writer lock; stop it first, or point --dir at a copy of the folder`);
    }
    throw err;
  }
}

/** Checks `--format`: text or json, anything else is a usage error. */
export function checkFormat(format: string): 'text' | 'json' {
  if (format !== 'text' && format !== 'json') throw new CliError(`Unexpected --format \`${format}\`, expected text or json`, 2);
  return format;
}
