/** `swaybot ledger rotate-key`: retire the head signing key and make a new one; old heads stay verifiable. */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { CliError } from '../errors.js';
import { ledgerDir } from './ledger-open.js';

interface RotateOptions {
  dir?: string;
  key?: string;
}

export function registerLedgerRotateKey(ledger: Command, ctx: CliContext): void {
  ledger
    .command('rotate-key')
    .description('retire the key that signs ledger heads and create a new one (the writer uses it once restarted)')
    .option('--dir <folder>', 'ledger folder (default: ledger.dir from the configuration)')
    .option('--key <file>', 'the private key file to rotate (default: keys/ledger-head.key beside the ledger folder)')
    .action(async (options: RotateOptions) => {
      const dir = await ledgerDir(options.dir, ctx.io.env);
      const { defaultHeadKeyPath, rotateHeadKey } = await import('../../ledger/heads.js');
      const path = options.key ?? defaultHeadKeyPath(dir);
      const { retired, current } = await rotateHeadKey(path, dir).catch((error: unknown) => {
        throw new CliError(`Cannot rotate the ledger head key ${path}: ${(error as Error).message}`);
      });
      ctx.print(`✔ retired head key ${retired.slice(0, 16)}… (its public key stays trusted), new head key ${current.slice(0, 16)}… at ${path}`);
      ctx.print('  restart the worker (or `swaybot up`) so the ledger writer signs with the new key');
    });
}
