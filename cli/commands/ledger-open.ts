/** Opens the ledger folder a `swaybot ledger …` command names, with clear errors for the usual mistakes. */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { CliError } from '../errors.js';
import type { ReadOnlyEmbeddedLedger } from '../../ledger/index.js';

/** `--dir` when given, else `ledger.dir` from the configuration in `env` (under `stateDir` by default). */
export async function ledgerDir(dir: string | undefined, env: NodeJS.ProcessEnv): Promise<string> {
  if (dir !== undefined) return resolve(dir);
  const { loadConfig } = await import('../../config/load.js');
  try {
    return loadConfig(env).ledger.dir;
  } catch (err) {
    if ((err as Error).name === 'ConfigError') throw new CliError((err as Error).message, 2);
    throw err;
  }
}

/**
 * Opens the embedded ledger read-only: no writer lock, nothing cut or written, so it works on
 * the folder of a running stack, and a batch that stack is writing right now shows as
 * uncommitted instead of being cut. A missing folder is an error here, not a new empty ledger:
 * a typo in `--dir` must not look like "0 events, OK".
 */
export async function openLedger(dirOption: string | undefined, env: NodeJS.ProcessEnv): Promise<{ ledger: ReadOnlyEmbeddedLedger; dir: string }> {
  const dir = await ledgerDir(dirOption, env);
  if (!existsSync(dir)) throw new CliError(`No ledger at ${dir}: the folder does not exist (pass --dir, or set ledger.dir in swaybot.config.yaml)`);
  if (!statSync(dir).isDirectory()) throw new CliError(`No ledger at ${dir}: it is not a folder`);
  const { EmbeddedLedger } = await import('../../ledger/index.js');
  return { ledger: await EmbeddedLedger.open({ dir, readOnly: true }), dir };
}

/** Checks `--format`: text or json, anything else is a usage error. */
export function checkFormat(format: string): 'text' | 'json' {
  if (format !== 'text' && format !== 'json') throw new CliError(`Unexpected --format \`${format}\`, expected text or json`, 2);
  return format;
}
