/** `swaybot ledger verify`: re-check the whole log (chain, roots, payloads); exit 1 on any problem. */
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
        const recovery = opened.recovery;
        if (format === 'json') {
          const { droppedBytes, droppedEventIds, truncatedAt, removedSegments } = recovery;
          const dropped = recovery.clean ? null : { droppedBytes, droppedEventIds, truncatedAt, removedSegments };
          process.stdout.write(JSON.stringify({ dir, ...report, recovery: dropped }, null, 2) + '\n');
        } else {
          process.stdout.write(formatVerify(dir, report, recovery) + '\n');
        }
        process.exitCode = report.ok ? 0 : 1;
      } finally {
        await opened.close();
      }
    });
}
