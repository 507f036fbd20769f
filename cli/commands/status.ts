/** `swaybot runbook status <workflowId>`: steps, states and decisions of a run. */
import type { Command } from 'commander';
import { CliError } from '../errors.js';
import { formatStatus } from '../format/status.js';
import { nextStepsFor } from '../next-steps.js';
import type { CliContext } from '../context.js';

export function registerStatus(runbook: Command, ctx: CliContext): void {
  runbook
    .command('status')
    .description('show the steps of a run, their states and decisions, and what to run next')
    .argument('<workflowId>', 'the run')
    .option('--format <format>', 'text or json', 'text')
    .action(async (workflowId: string, options: { format: string }) => {
      if (options.format !== 'text' && options.format !== 'json') {
        throw new CliError(`Unexpected --format \`${options.format}\`, expected text or json`, 2);
      }
      const [{ WorkflowNotFoundError }, { getStatus }, { runStateWord }, { connectClient, resolveTarget, workflowUrl }] = await Promise.all([
        import('@temporalio/client'),
        import('../../client/runbooks.js'),
        import('../../client/runs.js'),
        import('../connect.js'),
      ]);
      const target = resolveTarget(ctx.globals(), ctx.io.env);
      const { client, close } = await connectClient(target);
      try {
        const handle = client.workflow.getHandle(workflowId);
        const description = await handle.describe().catch((err: unknown) => {
          if (err instanceof WorkflowNotFoundError) throw new CliError(`No run with id ${workflowId} in namespace ${target.namespace}`);
          throw err;
        });
        const status = await getStatus(client, workflowId).catch(() => {
          throw new CliError(`Run ${workflowId} is ${description.status.name.toLowerCase()}, but no worker answered its status query; start one with \`npm start\``);
        });
        if (options.format === 'json') {
          ctx.print(JSON.stringify({ workflowId, workflowStatus: description.status.name, ...status }, null, 2));
          return;
        }
        // One word per state, as `--wait` and `list` say it: `succeeded`, not Temporal's `completed`.
        const state = runStateWord(description.status.name, status.state);
        ctx.print(formatStatus(workflowId, status, state, nextStepsFor(target.config.groups, ctx.io.env)));
        const url = workflowUrl(target, workflowId);
        if (url) ctx.print(`\nWeb UI: ${url}`);
      } finally {
        await close();
      }
    });
}
