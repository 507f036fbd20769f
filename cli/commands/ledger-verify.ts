/**
 * `swaybot ledger verify`: re-check the whole committed log (chain, roots, payloads); exit 1 on
 * any problem. Read-only, so it runs beside a live stack; a batch in flight is shown, not failed.
 * With `--head` or `--receipts` it also holds the log to signed heads, which is what catches a
 * log cut short or rewritten with its chain and roots recomputed.
 */
import type { Command } from 'commander';
import pc from 'picocolors';
import type { CliContext } from '../context.js';
import { checkFormat, openReader, requireEmbedded, type LedgerReader } from './ledger-open.js';
import { collect, HEAD_FORMS, readHeads, trustedKeys } from './ledger-head-args.js';
import { formatVerify } from '../format/ledger.js';
import { safeText } from '../format/safe-text.js';
import type { SignedHead } from '../../ledger/index.js';

interface VerifyOptions {
  dir?: string;
  format: string;
  head?: string[];
  key?: string[];
  receipts?: boolean;
  query?: string;
}

export function registerLedgerVerify(ledger: Command, ctx: CliContext): void {
  ledger
    .command('verify')
    .description('check every record, hash link, batch root and payload, and signed heads when given; exit 1 naming each problem')
    .option('--dir <folder>', 'ledger folder (default: ledger.dir from the configuration)')
    .option('--head <head>', `also check against a signed head (repeatable): ${HEAD_FORMS}`, collect)
    .option('--receipts', 'also check every signed head in the receipts Temporal workflow histories hold')
    .option('--query <query>', "with --receipts: which workflows to read (a visibility query; default: TaskQueue = '<temporal.taskQueue>')")
    .option('--key <file>', 'public key (PEM) trusted to sign heads (repeatable; default: the keys folder beside the ledger folder)', collect)
    .option('--format <format>', 'text or json', 'text')
    .action(async (options: VerifyOptions) => {
      const format = checkFormat(options.format);
      const given = await readHeads(options.head ?? []);
      const checking = options.head !== undefined || options.receipts === true;
      if (checking) await requireEmbedded(options.dir, ctx.io.env, options.head !== undefined ? '--head' : '--receipts');
      // Signed heads are the embedded ledger's; a plain verify reads whichever backend is configured.
      const reader = await openReader(options.dir, ctx.io.env);
      if (reader.backend === 'fabric') return verifyChain(reader.ledger, reader.dir, format, ctx);
      const { ledger: opened, dir } = reader;
      try {
        const notes: string[] = [];
        const found = [...given];
        if (options.receipts) {
          const { headsFromTemporal } = await import('./ledger-receipts.js');
          const gathered = await headsFromTemporal(ctx, options.query);
          found.push(...gathered.heads);
          for (const p of gathered.problems) notes.push(pc.yellow(`! unreadable receipt in ${safeText(p)}`));
          if (gathered.heads.length === 0) {
            notes.push(pc.yellow(`! no signed heads in the ${gathered.workflows} workflow histories matching ${safeText(gathered.query)}`));
          }
        }
        const heads: SignedHead[] = found.map((f) => f.head);
        const keys = checking ? await trustedKeys(options.key ?? [], dir) : [];
        if (checking && keys.length === 0 && heads.length > 0) {
          const { defaultKeysDir } = await import('../../ledger/heads.js');
          notes.push(pc.yellow(`! no trusted head keys in ${defaultKeysDir(dir)}; pass --key <ledger-head.pub>`));
        }
        const report = checking ? await opened.verify({ heads, keys }) : await opened.verify();
        if (format === 'json') {
          const checks = report.heads?.map((c, i) => ({ ...c, source: found[i]!.source }));
          ctx.io.stdout.write(JSON.stringify({ dir, ...report, uncommitted: report.uncommitted ?? null, ...(checks ? { heads: checks } : {}) }, null, 2) + '\n');
        } else {
          const lines = [...notes, formatVerify(dir, report, found.map((f) => f.source))];
          // The folder alone cannot show it was cut short or rewritten with its hashes recomputed.
          if (!checking && report.ok) lines.push(pc.dim('  not held to a signed head: add --receipts (or --head <receipt>) to also catch a cut or recomputed log'));
          ctx.io.stdout.write(lines.join('\n') + '\n');
        }
        ctx.exitCode = report.ok ? 0 : 1;
      } finally {
        await opened.close();
      }
    });
}

/** `verify` on the Fabric backend: what the chaincode stored, re-checked through the gateway. */
async function verifyChain(ledger: LedgerReader, where: string, format: 'text' | 'json', ctx: CliContext): Promise<void> {
  try {
    const report = await ledger.verify();
    if (format === 'json') ctx.io.stdout.write(JSON.stringify({ backend: 'fabric', ledger: where, ...report }, null, 2) + '\n');
    else ctx.io.stdout.write(formatVerify(where, report) + '\n');
    ctx.exitCode = report.ok ? 0 : 1;
  } finally {
    await ledger.close();
  }
}
