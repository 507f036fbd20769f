/** `swaybot ledger prove <eventId>`: the event, its batch and Merkle proof, checked here and now. */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { CliError } from '../errors.js';
import { checkFormat, openLedger } from './ledger-open.js';
import { formatProof } from '../format/ledger.js';

interface ProveOptions {
  dir?: string;
  format: string;
}

export function registerLedgerProve(ledger: Command, ctx: CliContext): void {
  ledger
    .command('prove')
    .description('print an event, its batch, Merkle root and proof path, and check the proof')
    .argument('<eventId>', 'the event id (`workflowId/stepId/kind`)')
    .option('--dir <folder>', 'ledger folder (default: ledger.dir from the configuration)')
    .option('--format <format>', 'text or json', 'text')
    .action(async (id: string, options: ProveOptions) => {
      const format = checkFormat(options.format);
      const { ledger: opened, dir } = await openLedger(options.dir, ctx.io.env);
      try {
        const [{ UnknownEventError, eventHash, leafHash, verifyProof }, event] = await Promise.all([
          import('../../ledger/index.js'),
          opened.get(id),
        ]);
        const proof = await opened.prove(id).catch((err: unknown) => {
          if (err instanceof UnknownEventError) throw new CliError(`${err.message} in ledger ${dir}`);
          throw err;
        });
        if (!event) throw new CliError(`No committed event with id \`${id}\` in ledger ${dir}`);
        // Recompute the leaf from the event itself, so the check does not trust the stored hash.
        const verified = verifyProof(leafHash(eventHash(event)), proof, proof.root);
        if (format === 'json') ctx.io.stdout.write(JSON.stringify({ event, proof, verified }, null, 2) + '\n');
        else ctx.io.stdout.write(formatProof(event, proof, verified) + '\n');
        ctx.exitCode = verified ? 0 : 1;
      } finally {
        await opened.close();
      }
    });
}
