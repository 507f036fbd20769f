/**
 * `swaybot ledger prove <eventId>`: the event, its batch and Merkle proof, checked here and now.
 * The batch root comes from the ledger itself, so on its own that proof cannot catch a rewritten
 * ledger; `--head` also proves the event against a signed head's log-wide root.
 */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { CliError } from '../errors.js';
import { checkFormat, openReader, requireEmbedded } from './ledger-open.js';
import { formatProof } from '../format/ledger.js';
import { headProofLine, UNANCHORED } from '../format/ledger-heads.js';
import { HEAD_FORMS, collect, readHeads, trustedKeys } from './ledger-head-args.js';
import type { LogInclusionProof, ReadOnlyEmbeddedLedger, SignedHead } from '../../ledger/index.js';

interface ProveOptions {
  dir?: string;
  format: string;
  head?: string;
  key?: string[];
}

/** Proves `id` against `head`: undefined when it holds, else why not. */
async function againstHead(
  ledger: ReadOnlyEmbeddedLedger,
  id: string,
  leaf: string,
  head: SignedHead,
  keyFiles: readonly string[],
  dir: string,
): Promise<{ problem?: string; proof?: LogInclusionProof }> {
  const { signatureProblem } = await import('../../ledger/heads.js');
  const { verifyProof } = await import('../../ledger/index.js');
  const bad = signatureProblem(head, await trustedKeys(keyFiles, dir));
  if (bad) return { problem: bad };
  let proof: LogInclusionProof;
  try {
    proof = await ledger.logProof(id, head.size);
  } catch (error) {
    if (error instanceof RangeError) return { problem: error.message };
    throw error;
  }
  if (!verifyProof(leaf, proof, head.root)) {
    return { proof, problem: `the event as this ledger holds it, with the log's first ${head.size} events, does not hash to the signed root (the ledger's root there is ${proof.root.slice(0, 16)}…)` };
  }
  return { proof };
}

export function registerLedgerProve(ledger: Command, ctx: CliContext): void {
  ledger
    .command('prove')
    .description('print an event, its batch, Merkle root and proof path, and check the proof')
    .argument('<eventId>', 'the event id (`workflowId/stepId/kind`)')
    .option('--dir <folder>', 'ledger folder (default: ledger.dir from the configuration)')
    .option('--head <head>', `also prove the event against a signed head: ${HEAD_FORMS}`)
    .option('--key <file>', 'public key (PEM) trusted to sign heads (repeatable; default: the keys folder beside the ledger folder)', collect)
    .option('--format <format>', 'text or json', 'text')
    .action(async (id: string, options: ProveOptions) => {
      const format = checkFormat(options.format);
      const heads = options.head === undefined ? [] : await readHeads([options.head]);
      if (heads.length > 1) throw new CliError(`Unexpected --head: it holds ${heads.length} signed heads, expected one`, 2);
      const head = heads[0]?.head;
      if (head) await requireEmbedded(options.dir, ctx.io.env, '--head');
      const reader = await openReader(options.dir, ctx.io.env);
      const { ledger: opened, dir } = reader;
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
        const leaf = leafHash(eventHash(event));
        const verified = verifyProof(leaf, proof, proof.root);
        const signed = head && reader.backend === 'embedded' ? await againstHead(reader.ledger, id, leaf, head, options.key ?? [], dir) : undefined;
        if (format === 'json') {
          const against = head && signed && { head, verified: signed.problem === undefined, ...signed };
          ctx.io.stdout.write(JSON.stringify({ event, proof, verified, ...(against ? { signedHead: against } : {}) }, null, 2) + '\n');
        } else {
          const after = head && signed ? headProofLine(head, signed.problem) : UNANCHORED;
          ctx.io.stdout.write(`${formatProof(event, proof, verified)}\n${after}\n`);
        }
        ctx.exitCode = verified && signed?.problem === undefined ? 0 : 1;
      } finally {
        await opened.close();
      }
    });
}
