/** `swaybot runbook tick <workflowId> <step> [item]`: tick a manual step's checklist. */
import type { Command } from 'commander';
import pc from 'picocolors';
import { stepDetail } from '../format/status.js';
import { currentUser } from '../user.js';
import type { CliContext } from '../context.js';

export function registerTick(runbook: Command, ctx: CliContext): void {
  runbook
    .command('tick')
    .description('tick a checklist item of a manual step (no item: every open item of the step)')
    .argument('<workflowId>', 'the run')
    .argument('<step>', 'step id (see `runbook status`)')
    .argument('[item]', 'checklist item id (see `runbook status`)')
    .option('--as <user>', 'who did it (default: $SWAYBOT_USER or your OS user name)')
    .action(async (workflowId: string, step: string, item: string | undefined, options: { as?: string }) => {
      const by = currentUser(options.as, ctx.io.env);
      const [{ tick }, { connectClient, resolveTarget }, { explainSendError }] = await Promise.all([
        import('../../client/runbooks.js'),
        import('../connect.js'),
        import('./send-error.js'),
      ]);
      const { client, close } = await connectClient(resolveTarget(ctx.globals(), ctx.io.env));
      try {
        const result = await tick(client, workflowId, step, item, by).catch(explainSendError(workflowId, step, 'tick', ctx.io.env));
        ctx.print(`${pc.green('✔')} Ticked ${pc.bold(item ? `${step}/${item}` : step)} of ${workflowId} as ${by} ${pc.dim(`(${stepDetail(result)})`)}`);
      } finally {
        await close();
      }
    });
}
