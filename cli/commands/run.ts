/** `swaybot runbook run <file>`: compile a runbook and start a durable run of it. */
import type { Command } from 'commander';
import pc from 'picocolors';
import { reservedIdProblem } from '../../client/workflow-ids.js';
import { workflowIdProblem } from '../../events/limits.js';
import { CliError } from '../errors.js';
import { nextStepsFor } from '../next-steps.js';
import { collectParam, parseIncident, parseParams } from '../params.js';
import { approvalSigner, currentUser } from '../user.js';
import type { CliContext } from '../context.js';

interface RunOptions {
  param: string[];
  wait?: boolean;
  id?: string;
  incident?: string;
  as?: string;
  key?: string;
}

export function registerRun(runbook: Command, ctx: CliContext): void {
  runbook
    .command('run')
    .description('start a run of a runbook on Temporal (prints its workflow id and Web UI link)')
    .argument('<file>', 'markdown runbook')
    .option('-p, --param <name=value>', 'runbook parameter (repeatable)', collectParam, [])
    .option('--wait', 'follow the run, printing each step, until it ends; exit 1 unless it succeeds')
    .option('--id <workflowId>', 'workflow id to use (default: runbook-<id>-<time>)')
    .option('--incident <json>', 'incident the run serves, as a JSON object (visible to templates as `incident`)')
    .option('--as <user>', 'who starts it (default: $SWAYBOT_USER or your OS user name); they may not approve its destructive steps')
    .option('--key <file>', 'OpenSSH ed25519 key that signs who starts it (default: $SWAYBOT_SSH_KEY, else ~/.ssh/id_ed25519)')
    .addHelpText(
      'after',
      `
The incident, as the ledger and the availability report read it (all fields optional;
\`id\` and \`service\` are needed for its incident events):
  --incident '{"id":"INC-42","service":"checkout","title":"checkout 5xx"}'
The incident opens when the run starts. An \`openedAt\` (ISO time) is believed only within a
minute of that: one in the future or earlier is refused (counted as inputRefused in the status),
since it would stretch the downtime the ledger reports.`,
    )
    .action(async (file: string, options: RunOptions) => {
      const badId = options.id !== undefined ? workflowIdProblem(options.id) : undefined;
      if (badId !== undefined) throw new CliError(`--id: ${badId}`);
      const reserved = options.id !== undefined ? reservedIdProblem(options.id) : undefined;
      if (reserved !== undefined) throw new CliError(`--id: ${reserved}`, 2);
      // Loaded on use, so `swaybot --help` and `runbook check` start fast.
      const [{ WorkflowExecutionAlreadyStartedError }, { InvalidParamsError, startRunbook }, { compileForUse }, { connectClient, resolveTarget, workflowUrl }, { followInForeground }] =
        await Promise.all([import('@temporalio/client'), import('../../client/runbooks.js'), import('../compile.js'), import('../connect.js'), import('../follow.js')]);
      const plan = await compileForUse(file, ctx.io.stderr, ctx.io.env);
      const params = parseParams(options.param, plan.params);
      const incident = parseIncident(options.incident);
      const target = resolveTarget(ctx.globals(), ctx.io.env);
      const signer = await approvalSigner(options.key, ctx.io.env, ctx.io.stderr);
      const { client, close } = await connectClient(target);
      try {
        let workflowId: string;
        try {
          const handle = await startRunbook(client, {
            plan,
            params,
            taskQueue: target.taskQueue,
            startedBy: { by: currentUser(options.as, ctx.io.env), ...(signer ? { signer } : {}) },
            ...(incident ? { incident } : {}),
            ...(options.id ? { workflowId: options.id } : {}),
          });
          workflowId = handle.workflowId;
        } catch (err) {
          if (err instanceof InvalidParamsError) throw new CliError(err.message);
          if (err instanceof WorkflowExecutionAlreadyStartedError) {
            throw new CliError(`A run with id ${options.id ?? ''} is already in flight; pick another --id, or follow it with \`swaybot runbook status ${options.id ?? ''}\``);
          }
          throw err;
        }
        const url = workflowUrl(target, workflowId);
        const next = nextStepsFor(target.config.groups, ctx.io.env);
        ctx.print(`${pc.green('✔')} Started ${pc.bold(plan.title)} as ${pc.bold(workflowId)}`);
        if (url) ctx.print(`  Web UI: ${url}`);
        ctx.print(`  Status: ${next.status(workflowId)}`);
        if (!options.wait) return;
        const result = await followInForeground(ctx.io, client, workflowId, target.taskQueue, next);
        if (!result) {
          ctx.exitCode = 130;
          return;
        }
        // The transitions above are the run's story; the end says how it ended, its error once.
        if (result.state === 'succeeded') ctx.print(pc.green(`✔ ${plan.id} succeeded`));
        else {
          const why = result.failureShown ? ' (the failed step above says why)' : result.error ? `: ${result.error}` : '';
          ctx.print(pc.red(`✖ ${plan.id} ${result.state}${why}`));
          ctx.exitCode = 1;
        }
      } finally {
        await close();
      }
    });
}
