/**
 * `swaybot incident approve|reject <id> <step>` and `incident tick <id> <step> [item]`:
 * steer the incident's runbook run through the incident, which checks who acts and
 * forwards the decision or tick to the run (its timeline records it).
 */
import type { Command } from 'commander';
import pc from 'picocolors';
import { stepDetail } from '../format/status.js';
import { currentUser } from '../user.js';
import type { CliContext } from '../context.js';
import { explainIncidentError, withIncidentClient } from './incident-session.js';

export function registerIncidentRunbook(incident: Command, ctx: CliContext): void {
  for (const decision of ['approve', 'reject'] as const) {
    incident
      .command(decision)
      .description(`${decision} the approval gate the incident's runbook waits on (you must be in one of its approver groups)`)
      .argument('<id>', 'the incident')
      .argument('<step>', 'step id (see `incident show`)')
      .option('--as <user>', 'approver id (default: $SWAYBOT_USER or your OS user name)')
      .option('--reason <text>', 'why; recorded with the decision')
      .action(async (id: string, step: string, options: { as?: string; reason?: string }) => {
        const by = currentUser(options.as, ctx.io.env);
        const { decideIncidentStep } = await import('../../client/incident-actions.js');
        await withIncidentClient(ctx, async (session) => {
          await decideIncidentStep(session.client, id, step, decision, by, options.reason).catch((err: unknown) => explainIncidentError(err, id, `${decision} ${step} of`, session));
          const verb = decision === 'approve' ? 'Approved' : 'Rejected';
          ctx.print(`${pc.green('✔')} ${verb} ${pc.bold(step)} of ${id}'s runbook as ${by}${options.reason ? `: ${options.reason}` : ''}`);
        });
      });
  }

  incident
    .command('tick')
    .description("tick a checklist item of the step the incident's runbook waits on (no item: every open item)")
    .argument('<id>', 'the incident')
    .argument('<step>', 'step id (see `incident show`)')
    .argument('[item]', 'checklist item id (see `incident show`)')
    .option('--as <user>', 'who did it (default: $SWAYBOT_USER or your OS user name)')
    .action(async (id: string, step: string, item: string | undefined, options: { as?: string }) => {
      const by = currentUser(options.as, ctx.io.env);
      const { tickIncidentStep } = await import('../../client/incident-actions.js');
      await withIncidentClient(ctx, async (session) => {
        const result = await tickIncidentStep(session.client, id, step, item, by).catch((err: unknown) => explainIncidentError(err, id, `tick ${step} of`, session));
        ctx.print(`${pc.green('✔')} Ticked ${pc.bold(item ? `${step}/${item}` : step)} of ${id}'s runbook as ${by} ${pc.dim(`(${stepDetail(result)})`)}`);
      });
    });
}
