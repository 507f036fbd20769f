/** `swaybot runbook plan <file>`: the compiled plan as JSON, what a run of the runbook executes. */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';

export function registerPlan(runbook: Command, ctx: CliContext): void {
  runbook
    .command('plan')
    .description('print the compiled plan as JSON (what `runbook run` starts); exit 1 on errors')
    .argument('<file>', 'markdown runbook')
    .action(async (file: string) => {
      const { compileForUse } = await import('../compile.js');
      // Indented like every other JSON the CLI prints: it is read by people as often as by jq.
      ctx.io.stdout.write(JSON.stringify(await compileForUse(file, ctx.io.stderr, ctx.io.env), null, 2) + '\n');
    });
}
