/**
 * `swaybot ledger verify`: re-check the whole committed log (chain, roots, payloads); exit 1 on
 * any problem. Read-only, so it runs beside a live stack; a batch in flight is shown, not failed.
 */
import type { Command } from 'commander';
import { checkFormat, openLedger } from './ledger-open.js';
import { formatVerify } from '../format/ledger.js';

interface VerifyOptions {
  dir?: string;
  format: string;
}

export function registerLedgerVerify(ledger: Command): void {
  ledger
    .command('verify')
    .description('check every record, hash link, batch root and payload; exit 1 naming each problem')
    .option('--dir <folder>', 'ledger folder (default: ledger.dir from the configuration)')
    .option('--format <format>', 'text or json', 'text')
    .action(async (options: VerifyOptions) => {
      const format = checkFormat(options.format);
      const { ledger: opened, dir } = await openLedger(options.dir);
      try {
        const report = await opened.verify();
        if (format === 'json') {
          process.stdout.write(JSON.stringify({ dir, ...report, uncommitted: report.uncommitted ?? null }, null, 2) + '\n');
        } else {
          process.stdout.write(formatVerify(dir, report) + '\n');
        }
        process.exitCode = report.ok ? 0 : 1;
      } finally {
        await opened.close();
      }
    });
}
