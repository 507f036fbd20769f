/** `swaybot runbook check <paths...>`: lint runbooks like eslint lints code. */
import type { Command } from 'commander';
import ms, { type StringValue } from 'ms';
import pc from 'picocolors';
import type { CliContext } from '../context.js';
import { CliError } from '../errors.js';
import { formatStylish, toJson, totals } from '../format/problems.js';
import { checkProgressLine } from '../format/progress.js';

interface CheckOptions {
  format: string;
  maxBytes?: string;
  timeBudget?: string;
}

/** `--max-bytes 2000000` or `--max-bytes 2MiB`, as a positive byte count. */
function parseBytes(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(|b|kib|kb|k|mib|mb|m)$/i.exec(text.trim());
  const unit = { '': 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: 1024 ** 2, mb: 1024 ** 2, mib: 1024 ** 2 }[m?.[2]?.toLowerCase() ?? ''];
  const bytes = m && unit ? Math.floor(Number(m[1]) * unit) : NaN;
  if (!(bytes > 0)) throw new CliError(`Unexpected --max-bytes \`${text}\`, expected a size such as 2000000, 512KiB or 2MiB`, 2);
  return bytes;
}

/** `--time-budget 30s` or milliseconds, as a positive number of milliseconds. */
function parseBudget(text: string): number {
  const value = /^\d+$/.test(text.trim()) ? Number(text) : ms(text.trim() as StringValue);
  if (typeof value !== 'number' || !(value > 0)) throw new CliError(`Unexpected --time-budget \`${text}\`, expected a duration such as 30s or 2m`, 2);
  return value;
}

export function registerCheck(runbook: Command, ctx: CliContext): void {
  runbook
    .command('check')
    .description('compile runbooks and report problems with file:line:column; exit 1 on errors')
    .argument('<paths...>', 'markdown files or folders (folders: every .md inside)')
    .option('--format <format>', 'text or json', 'text')
    .option('--max-bytes <size>', 'largest page compiled (default 512KiB); bigger pages are a too-large error')
    .option('--time-budget <duration>', 'longest one page may take to compile (default 10s); slower pages are a compile-timeout error')
    .action(async (paths: string[], options: CheckOptions) => {
      if (options.format !== 'text' && options.format !== 'json') {
        throw new CliError(`Unexpected --format \`${options.format}\`, expected text or json`, 2);
      }
      const limits = {
        ...(options.maxBytes !== undefined ? { maxBytes: parseBytes(options.maxBytes) } : {}),
        ...(options.timeBudget !== undefined ? { timeBudgetMs: parseBudget(options.timeBudget) } : {}),
      };
      // Loaded on use: the compiler (remark) is the slow part of starting the CLI.
      const [{ compilePaths }, { runbookEnvironment }] = await Promise.all([import('../../compiler/index.js'), import('../compile.js')]);
      // Literal hosts and URLs are checked against the configured inventory and `http.allowHosts`.
      const environment = runbookEnvironment(ctx.io.env);
      const { stderr, stdout } = ctx.io;
      // A wiki folder takes a while: on a terminal, one line on stderr says how far it got.
      // Piped or in CI there is no line, so logs and `--format json | jq` stay clean.
      const live = stderr.isTTY === true;
      const draw = (p: { done: number; total: number; path: string }) => void stderr.write(`\r\x1b[K${checkProgressLine(p.done, p.total, p.path, stderr.columns)}`);
      const results = await compilePaths(paths, { ...limits, ...environment, ...(live ? { onProgress: draw } : {}) });
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
