/**
 * `swaybot ledger verify`: re-check the whole committed log (chain, roots, payloads); exit 1 on
 * any problem. Read-only, so it runs beside a live stack; a batch in flight is shown, not failed.
 */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { checkFormat, openLedger } from './ledger-open.js';
import { formatVerify } from '../format/ledger.js';

interface VerifyOptions {
  dir?: string;
  format: string;
}

export function registerLedgerVerify(ledger: Command, ctx: CliContext): void {
  ledger
    .command('verify')
    .description('check every record, hash link, batch root and payload; exit 1 naming each problem')
    .option('--dir <folder>', 'ledger folder (default: ledger.dir from the configuration)')
    .option('--format <format>', 'text or json', 'text')
    .action(async (options: VerifyOptions) => {
      const format = checkFormat(options.format);
      const { ledger: opened, dir } = await openLedger(options.dir, ctx.io.env);
      try {
        const report = await opened.verify();
        if (format === 'json') {
          ctx.io.stdout.write(JSON.stringify({ dir, ...report, uncommitted: report.uncommitted ?? null }, null, 2) + '\n');
        } else {
          ctx.io.stdout.write(formatVerify(dir, report) + '\n');
        }
        ctx.exitCode = report.ok ? 0 : 1;
      } finally {
        await opened.close();
      }
    });
}
