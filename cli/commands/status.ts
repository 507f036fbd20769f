/** `swaybot runbook status <workflowId>`: steps, states and decisions of a run. */
import type { Command } from 'commander';
import { CliError } from '../errors.js';
import { formatStatus } from '../format/status.js';
import { approverFromGroups } from '../approvers.js';
import { currentUser } from '../user.js';
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
      const [{ WorkflowNotFoundError }, { getStatus }, { connectClient, resolveTarget, workflowUrl }] = await Promise.all([
        import('@temporalio/client'),
        import('../../client/runbooks.js'),
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
        const closed = description.status.name === 'RUNNING' ? undefined : description.status.name.toLowerCase();
        const me = currentUser(undefined, ctx.io.env);
        const approverFor = (stepId: string) =>
          approverFromGroups(status.steps.find((st) => st.id === stepId)?.approvers, target.config.groups, me);
        ctx.print(formatStatus(workflowId, status, closed, { approverFor }));
        const url = workflowUrl(target, workflowId);
        if (url) ctx.print(`\nWeb UI: ${url}`);
      } finally {
        await close();
      }
    });
}
