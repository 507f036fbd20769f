/**
 * Opens the ledger a `swaybot ledger …` command reads, with clear errors for the usual mistakes:
 * the embedded ledger's folder (`--dir`, else `ledger.dir`), or, when the configuration says
 * `ledger.backend: fabric` and no `--dir` is given, the chain itself through the Fabric gateway
 * with the reader identity.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { CliError } from '../errors.js';
import type { Config } from '../../config/schema.js';
import type { Ledger, ReadOnlyEmbeddedLedger } from '../../ledger/index.js';

/** What the read-only commands (events, prove, report, verify) need of a ledger. */
export type LedgerReader = Pick<Ledger, 'get' | 'query' | 'prove' | 'verify' | 'close'>;

/** A ledger opened for reading, and how to name it in output (`dir`: the folder, or the Fabric channel and peer). */
export type OpenedReader =
  | { backend: 'embedded'; ledger: ReadOnlyEmbeddedLedger; dir: string }
  | { backend: 'fabric'; ledger: LedgerReader; dir: string };

async function configOf(env: NodeJS.ProcessEnv): Promise<Config> {
  const { loadConfig } = await import('../../config/load.js');
  try {
    return loadConfig(env);
  } catch (err) {
    if ((err as Error).name === 'ConfigError') throw new CliError((err as Error).message, 2);
    throw err;
  }
}

/** `--dir` when given, else `ledger.dir` from the configuration in `env` (under `stateDir` by default). */
export async function ledgerDir(dir: string | undefined, env: NodeJS.ProcessEnv): Promise<string> {
  if (dir !== undefined) return resolve(dir);
  return (await configOf(env)).ledger.dir;
}

/**
 * The ledger the configuration names, for reading: with `ledger.backend: fabric` (and no
 * `--dir`), the chain through the gateway as the reader identity; otherwise the embedded folder.
 * An unreachable peer is an error naming it, never an empty local ledger that verifies "ok".
 */
export async function openReader(dirOption: string | undefined, env: NodeJS.ProcessEnv): Promise<OpenedReader> {
  if (dirOption === undefined) {
    const config = await configOf(env);
    if (config.ledger.backend === 'fabric') return openFabricReader(config);
  }
  const { ledger, dir } = await openLedger(dirOption, env);
  return { backend: 'embedded', ledger, dir };
}

/** Refuses what only the embedded ledger has (signed heads) when the configuration uses Fabric. */
export async function requireEmbedded(dirOption: string | undefined, env: NodeJS.ProcessEnv, what: string): Promise<void> {
  if (dirOption !== undefined) return;
  const config = await configOf(env);
  if (config.ledger.backend === 'fabric') {
    throw new CliError(`${what} checks the embedded ledger's signed heads; this configuration uses ledger.backend: fabric, whose order and integrity the channel's endorsement and ordering keep. Run without it, or pass --dir for an embedded ledger folder`, 2);
  }
}

async function openFabricReader(config: Config): Promise<OpenedReader> {
  const { FabricLedger } = await import('../../ledger/fabric/fabric-ledger.js');
  const { loadProfile } = await import('../../ledger/fabric/profile.js');
  const profileFile = resolve(config.stateDir, config.ledger.fabric.profile);
  const identity = config.ledger.fabric.readerIdentity;
  let where = `Fabric profile ${profileFile}`;
  let ledger: LedgerReader;
  try {
    const profile = await loadProfile(profileFile);
    where = `Fabric channel ${profile.channel}, chaincode ${profile.chaincode}, peer ${profile.peerEndpoint} (identity ${identity})`;
    ledger = await FabricLedger.connect(profileFile, identity);
  } catch (err) {
    throw new CliError(`Cannot open the ${where}: ${(err as Error).message}`);
  }
  return { backend: 'fabric', ledger: unreachableNamed(ledger, where), dir: where };
}

/** The reader with every failed call naming the peer it went to (a gRPC error alone does not). */
function unreachableNamed(ledger: LedgerReader, where: string): LedgerReader {
  const named = <T>(call: () => Promise<T>): Promise<T> =>
    call().catch((err: unknown) => {
      if (err instanceof CliError || (err as Error).name === 'UnknownEventError') throw err;
      throw new CliError(`Cannot read the ${where}: ${(err as Error).message}. Is the network up? (npm run fabric:up; docs/fabric.md)`);
    });
  return {
    get: (id) => named(() => ledger.get(id)),
    query: (filter) => named(() => ledger.query(filter)),
    prove: (id) => named(() => ledger.prove(id)),
    verify: () => named(() => ledger.verify()),
    close: () => ledger.close(),
  };
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
