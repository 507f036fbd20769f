/**
 * `swaybot runbook approve|reject <workflowId> <step>`: decide a step's approval gate, signed with
 * your SSH key (`--key`, `$SWAYBOT_SSH_KEY`, else `~/.ssh/id_ed25519`) so the run can check that
 * the decision is yours (docs/security.md#approvals-and-identity).
 */
import type { Command } from 'commander';
import pc from 'picocolors';
import { approvalSigner, currentUser } from '../user.js';
import type { CliContext } from '../context.js';

interface DecideOptions {
  as?: string;
  reason?: string;
  key?: string;
}

export function registerDecide(runbook: Command, ctx: CliContext): void {
  for (const decision of ['approve', 'reject'] as const) {
    runbook
      .command(decision)
      .description(`${decision} the approval gate of a step (you must be in one of its approver groups, and not whoever started a destructive run)`)
      .argument('<workflowId>', 'the run (printed by `runbook run`, shown in the Web UI)')
      .argument('<step>', 'step id (see `runbook status`)')
      .option('--as <user>', 'approver id (default: $SWAYBOT_USER or your OS user name); signed with your key, it must be one of theirs')
      .option('--key <file>', 'OpenSSH ed25519 private key to sign with (default: $SWAYBOT_SSH_KEY, else ~/.ssh/id_ed25519)')
      .option('--reason <text>', 'why; recorded with the decision')
      .action(async (workflowId: string, step: string, options: DecideOptions) => {
        const by = currentUser(options.as, ctx.io.env);
        const signer = await approvalSigner(options.key, ctx.io.env, ctx.io.stderr);
        const [{ approve, reject }, { connectClient, resolveTarget }, { explainSendError }] = await Promise.all([
          import('../../client/runbooks.js'),
          import('../connect.js'),
          import('./send-error.js'),
        ]);
        const { client, close } = await connectClient(resolveTarget(ctx.globals(), ctx.io.env));
        try {
          const send = decision === 'approve' ? approve : reject;
          await send(client, workflowId, step, by, options.reason, signer).catch(explainSendError(workflowId, step, decision, ctx.io.env));
          const verb = decision === 'approve' ? 'Approved' : 'Rejected';
          // The update returns the step as it was when decided; what follows shows in `runbook status`.
          ctx.print(`${pc.green('✔')} ${verb} ${pc.bold(step)} of ${workflowId} as ${by}${options.reason ? `: ${options.reason}` : ''}`);
          if (signer?.key) ctx.print(pc.dim(`  signed with ${signer.key}`));
        } finally {
          await close();
        }
      });
  }
}
