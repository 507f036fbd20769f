/** `swaybot runbook graph <file>`: the runbook's steps as a Mermaid flowchart. */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';

export function registerGraph(runbook: Command, ctx: CliContext): void {
  runbook
    .command('graph')
    .description('print the runbook as a Mermaid flowchart (paste into a wiki, or mermaid.live)')
    .argument('<file>', 'markdown runbook')
    .option('--markdown', 'wrap it in a ```mermaid fence')
    .action(async (file: string, options: { markdown?: boolean }) => {
      const [{ planToMermaid }, { compileForUse }] = await Promise.all([import('../../compiler/index.js'), import('../compile.js')]);
      const chart = planToMermaid(await compileForUse(file, ctx.io.stderr)).trimEnd();
      ctx.io.stdout.write(options.markdown ? '```mermaid\n' + chart + '\n```\n' : chart + '\n');
    });
}
