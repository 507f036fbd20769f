/** `swaybot config show`: the effective configuration and where each value came from. */
import type { Command } from 'commander';
import { explainConfig, type ExplainedConfig } from '../../config/explain.js';
import type { ConfigError } from '../../config/load.js';
import type { CliContext } from '../context.js';
import { CliError } from '../errors.js';

export function registerConfig(program: Command, ctx: CliContext): void {
  const config = program.command('config').description('inspect the configuration');
  config.exitOverride();
  config
    .command('show')
    .description('print every effective setting and where it came from (default, file:line, environment)')
    .option('--format <format>', 'text or json', 'text')
    .action((options: { format: string }) => {
      if (options.format !== 'text' && options.format !== 'json') {
        throw new CliError(`Unexpected --format \`${options.format}\`, expected text or json`, 2);
      }
      let explained: ExplainedConfig;
      try {
        explained = explainConfig(ctx.io.env);
      } catch (err) {
        if ((err as ConfigError).name === 'ConfigError') throw new CliError((err as Error).message, 2);
        throw err;
      }
      if (options.format === 'json') {
        ctx.print(JSON.stringify({ file: explained.file ?? null, settings: explained.settings }, null, 2));
        return;
      }
      ctx.print(formatSettings(explained));
    });
  for (const command of config.commands) command.exitOverride();
}

/** `file …` then a KEY VALUE SOURCE table. */
function formatSettings({ file, settings }: ExplainedConfig): string {
  const head = file
    ? `config file  ${file}`
    : 'config file  none: every value is a default or from the environment (copy swaybot.config.example.yaml to swaybot.config.yaml to change one)';
  const rows = settings.map((s) => [s.key, typeof s.value === 'string' ? s.value : JSON.stringify(s.value), s.source] as const);
  const keyWidth = Math.max(3, ...rows.map((r) => r[0].length));
  const valueWidth = Math.max(5, ...rows.map((r) => r[1].length));
  const line = (r: readonly [string, string, string]) => `${r[0].padEnd(keyWidth)}  ${r[1].padEnd(valueWidth)}  ${r[2]}`;
  return [head, '', line(['KEY', 'VALUE', 'SOURCE']), ...rows.map(line)].join('\n');
}
