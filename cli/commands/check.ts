/** `swaybot runbook check <paths...>`: lint runbooks like eslint lints code. */
import type { Command } from 'commander';
import pc from 'picocolors';
import type { CliContext } from '../context.js';
import { CliError } from '../errors.js';
import { formatStylish, toJson, totals } from '../format/problems.js';
import { checkProgressLine } from '../format/progress.js';

interface CheckOptions {
  format: string;
}

export function registerCheck(runbook: Command, ctx: CliContext): void {
  runbook
    .command('check')
    .description('compile runbooks and report problems with file:line:column; exit 1 on errors')
    .argument('<paths...>', 'markdown files or folders (folders: every .md inside)')
    .option('--format <format>', 'text or json', 'text')
    .action(async (paths: string[], options: CheckOptions) => {
      if (options.format !== 'text' && options.format !== 'json') {
        throw new CliError(`Unexpected --format \`${options.format}\`, expected text or json`, 2);
      }
      // Loaded on use: the compiler (remark) is the slow part of starting the CLI.
      const { compilePaths } = await import('../../compiler/index.js');
      const { stderr, stdout } = ctx.io;
      // A wiki folder takes a while: on a terminal, one line on stderr says how far it got.
      // Piped or in CI there is no line, so logs and `--format json | jq` stay clean.
      const live = stderr.isTTY === true;
      const draw = (p: { done: number; total: number; path: string }) => void stderr.write(`\r\x1b[K${checkProgressLine(p.done, p.total, p.path, stderr.columns)}`);
      const results = await compilePaths(paths, live ? { onProgress: draw } : {});
      if (live) stderr.write('\r\x1b[K');
      if (results.length === 0) throw new CliError(`No markdown files found in ${paths.join(', ')}`);
      const reports = results.map((r) => toJson(r.file));
      const { errors, warnings } = totals(reports);
      if (options.format === 'json') stdout.write(JSON.stringify(reports, null, 2) + '\n');
      else if (errors + warnings > 0) stdout.write(formatStylish(reports) + '\n');
      else {
        const n = reports.length;
        stdout.write(pc.green(`✔ ${n} runbook${n === 1 ? '' : 's'} checked, no problems`) + '\n');
      }
      ctx.exitCode = errors > 0 ? 1 : 0;
    });
}
