/**
 * `swaybot hardware power <host> <state>`: runs `hardware.power` as a durable
 * run on the ops task queue (host lock, approval gate) and follows it to the
 * end, printing each step. Whoever asks may not approve it: another member of
 * the approver groups must. `--yes` no longer skips the gate (it is refused).
 */
import type { Command } from 'commander';
import pc from 'picocolors';
import { CliError } from '../errors.js';
import type { CliContext } from '../context.js';
import { nextStepsFor } from '../next-steps.js';
import { approvalSigner, currentUser } from '../user.js';

interface PowerOptions {
  as?: string;
  key?: string;
  yes?: boolean;
}

const STATES = 'on, off, cycle, reset, soft';

export function registerHardwarePower(hardware: Command, ctx: CliContext): void {
  hardware
    .command('power')
    .description('power a host on, off, cycle, reset or soft-off through its BMC, as a run that someone else approves')
    .argument('<host>', 'host name from the inventory')
    .argument('<state>', STATES)
    .option('--as <user>', 'who asks (default: $SWAYBOT_USER or the OS user); they may not approve it')
    .option('--key <file>', 'OpenSSH ed25519 key that signs who asks (default: $SWAYBOT_SSH_KEY, else ~/.ssh/id_ed25519)')
    .option('-y, --yes', 'refused: a power change always waits for an approval by someone other than who asks')
    .action(async (host: string, state: string, options: PowerOptions) => {
      const [{ hostProblem, isPowerState, startPower }, { connectClient, resolveTarget, workflowUrl }, { followInForeground }] = await Promise.all([
        import('../../client/hardware-power.js'),
        import('../connect.js'),
        import('../follow.js'),
      ]);
      if (options.yes) {
        throw new CliError(
          '`--yes` no longer skips the approval: a power change runs only after someone else in its approver groups approves it ' +
            '(swaybot runbook approve <run> power). Run it without --yes and ask an approver.',
          2,
        );
      }
      if (!isPowerState(state)) throw new CliError(`Unexpected power state \`${state}\`, expected one of ${STATES}`, 2);
      if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(host)) throw new CliError(`Unexpected host name \`${host}\`, expected a host from the inventory`, 2);
      // Refused here, before any run starts, rather than by a run that fails on it.
      const problem = hostProblem(host, (await import('../compile.js')).runbookEnvironment(ctx.io.env).inventory);
      if (problem?.fatal) throw new CliError(problem.message, 2);
      if (problem) ctx.io.stderr.write(`${pc.yellow('⚠')} ${problem.message}\n`);
      const target = resolveTarget(ctx.globals(), ctx.io.env);
      const by = currentUser(options.as, ctx.io.env);
      const signer = await approvalSigner(options.key, ctx.io.env, ctx.io.stderr);
      const { client, close } = await connectClient(target);
      try {
        const handle = await startPower(client, { host, state, by }, { taskQueue: target.taskQueue, ...(signer ? { signer } : {}) });
        const { workflowId } = handle;
        ctx.print(`${pc.green('✔')} Started power ${pc.bold(state)} of ${pc.bold(host)} as ${pc.bold(workflowId)} (waiting for approval)`);
        const url = workflowUrl(target, workflowId);
        if (url) ctx.print(`  Web UI: ${url}`);
        const result = await followInForeground(ctx.io, client, workflowId, target.taskQueue, nextStepsFor(target.config.groups, ctx.io.env));
        if (!result) {
          ctx.exitCode = 130;
          return;
        }
        const power = result.status && 'outputs' in result.status ? (result.status.outputs['power'] as { before?: string; after?: string } | undefined) : undefined;
        if (result.state === 'succeeded') {
          ctx.print(pc.green(`✔ ${host}: power ${state} done (was ${power?.before ?? '?'}, now ${power?.after ?? '?'})`));
        } else {
          // A rejected gate ends the run as failed, but nothing failed: a person said no.
          const decision = result.status?.steps.find((st) => st.id === 'power')?.decision;
          if (decision?.decision === 'reject') {
            ctx.print(pc.red(`✖ ${host}: power ${state} rejected${decision.by ? ` by ${decision.by}` : ''}${decision.reason ? `: ${decision.reason}` : ''}; nothing was sent to the BMC`));
          } else {
            const why = result.failureShown ? ' (the failed step above says why)' : result.error ? `: ${result.error}` : '';
            ctx.print(pc.red(`✖ ${host}: power ${state} ${result.state}${why}`));
          }
          ctx.exitCode = 1;
        }
      } finally {
        await close();
      }
    });
}
