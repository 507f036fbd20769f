/**
 * `swaybot runbook cancel <workflowId>`: cancels a run in flight and follows it while it
 * undoes what it did (its compensations, newest first), printing each one.
 */
import type { Command } from 'commander';
import pc from 'picocolors';
import { CliError } from '../errors.js';
import { nextStepsFor } from '../next-steps.js';
import type { CliContext } from '../context.js';

export function registerCancel(runbook: Command, ctx: CliContext): void {
  runbook
    .command('cancel')
    .description('cancel a run in flight: its current step fails as cancelled, then its compensations run, newest first')
    .argument('<workflowId>', 'the run (see `runbook list`)')
    .action(async (workflowId: string) => {
      const [{ WorkflowNotFoundError }, { cancelRun, RunNotInFlightError }, { connectClient, resolveTarget }, { followInForeground }] = await Promise.all([
        import('@temporalio/client'),
        import('../../client/runs.js'),
        import('../connect.js'),
        import('../follow.js'),
      ]);
      const target = resolveTarget(ctx.globals(), ctx.io.env);
      const next = nextStepsFor(target.config.groups, ctx.io.env);
      const { client, close } = await connectClient(target);
      try {
        await cancelRun(client, workflowId).catch((err: unknown) => {
          if (err instanceof WorkflowNotFoundError) throw new CliError(`No run with id ${workflowId} in namespace ${target.namespace}; find it with \`${next.list()}\``);
          if (err instanceof RunNotInFlightError) throw new CliError(err.message);
          throw err;
        });
        ctx.print(`${pc.yellow('■')} Asked ${pc.bold(workflowId)} to cancel; following it while it compensates`);
        const result = await followInForeground(ctx.io, client, workflowId, target.taskQueue, next);
        if (!result) {
          ctx.exitCode = 130;
          return;
        }
        if (result.state === 'cancelled') ctx.print(pc.green(`✔ ${workflowId} cancelled`));
        else {
          // It ended some other way before the cancellation reached it.
          ctx.print(pc.red(`✖ ${workflowId} ended ${result.state}${result.failureShown || !result.error ? '' : `: ${result.error}`}`));
          ctx.exitCode = 1;
        }
      } finally {
        await close();
      }
    });
}
