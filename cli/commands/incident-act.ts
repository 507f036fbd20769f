/**
 * `swaybot incident ack|escalate|resolve|note <id>`: act on an incident as a responder
 * (`--as`, default $SWAYBOT_USER or the OS user). Resolving waits briefly for the
 * incident to write its postmortem draft and says where it is.
 */
import type { Command } from 'commander';
import pc from 'picocolors';
import type { IncidentStatus } from '../../incidents/types.js';
import { currentUser } from '../user.js';
import type { CliContext } from '../context.js';
import { explainIncidentError, withIncidentClient, type IncidentSession } from './incident-session.js';

interface ActOptions {
  as?: string;
  reason?: string;
}

const AS = ['--as <user>', 'who acts (default: $SWAYBOT_USER or your OS user name)'] as const;
const REASON = ['--reason <text>', 'why; recorded on the timeline'] as const;

/** How long `resolve` waits for the incident to resolve (its postmortem written) before saying it was asked to. */
const RESOLVE_WAIT_MS = 10_000;

export function registerIncidentActions(incident: Command, ctx: CliContext): void {
  incident
    .command('ack')
    .description('acknowledge an incident: stops its escalation')
    .argument('<id>', 'the incident (see `incident list`)')
    .option(...AS)
    .option(...REASON)
    .action(async (id: string, options: ActOptions) => {
      const by = currentUser(options.as, ctx.io.env);
      const { acknowledgeIncident } = await import('../../client/incident-actions.js');
      await withIncidentClient(ctx, async (session) => {
        const s = await acknowledgeIncident(session.client, id, by, options.reason).catch((err: unknown) => explainIncidentError(err, id, 'acknowledge', session));
        const after = s.mttaMs === undefined ? '' : ` ${pc.dim(`(${Math.round(s.mttaMs / 1000)}s after it opened)`)}`;
        ctx.print(`${pc.green('✔')} Acknowledged ${pc.bold(id)} as ${by}${after}`);
      });
    });

  incident
    .command('escalate')
    .description('page the next escalation tier now')
    .argument('<id>', 'the incident')
    .option(...AS)
    .option(...REASON)
    .action(async (id: string, options: ActOptions) => {
      const by = currentUser(options.as, ctx.io.env);
      const { escalateIncident } = await import('../../client/incident-actions.js');
      await withIncidentClient(ctx, async (session) => {
        const s = await escalateIncident(session.client, id, by, options.reason).catch((err: unknown) => explainIncidentError(err, id, 'escalate', session));
        ctx.print(`${pc.green('✔')} Escalated ${pc.bold(id)} as ${by}: tier ${s.tier + 1} paged ${s.paged.join(', ') || 'nobody'}`);
      });
    });

  incident
    .command('resolve')
    .description('resolve an incident: cancels its runbook run and writes the postmortem draft')
    .argument('<id>', 'the incident')
    .option(...AS)
    .option(...REASON)
    .option('--false-positive', 'resolve it as a false positive (kept for tuning the alert)')
    .action(async (id: string, options: ActOptions & { falsePositive?: boolean }) => {
      const by = currentUser(options.as, ctx.io.env);
      const { resolveIncident, markIncidentFalsePositive } = await import('../../client/incident-actions.js');
      const send = options.falsePositive ? markIncidentFalsePositive : resolveIncident;
      await withIncidentClient(ctx, async (session) => {
        await send(session.client, id, by, options.reason).catch((err: unknown) => explainIncidentError(err, id, 'resolve', session));
        const s = await resolved(session, id);
        const as = options.falsePositive ? ' as a false positive' : '';
        if (!s) {
          ctx.print(`${pc.green('✔')} Asked ${pc.bold(id)} to resolve${as} (as ${by}); it has not finished yet: ${session.next.show(id)}`);
          return;
        }
        ctx.print(`${pc.green('✔')} Resolved ${pc.bold(id)}${as} as ${by} ${pc.dim(`(MTTR ${Math.round((s.mttrMs ?? 0) / 1000)}s)`)}`);
        if (s.postmortem) ctx.print(`Postmortem draft${s.postmortemFile ? ` in ${s.postmortemFile}` : ''}: ${session.next.postmortem(id)}`);
      });
    });

  incident
    .command('note')
    .description('add a note to an incident’s timeline (and its Slack thread)')
    .argument('<id>', 'the incident')
    .argument('<text...>', 'the note')
    .option(...AS)
    .action(async (id: string, words: string[], options: { as?: string }) => {
      const by = currentUser(options.as, ctx.io.env);
      const { noteIncident } = await import('../../client/incident-actions.js');
      await withIncidentClient(ctx, async (session) => {
        await noteIncident(session.client, id, by, words.join(' ')).catch((err: unknown) => explainIncidentError(err, id, 'add a note to', session));
        ctx.print(`${pc.green('✔')} Noted on ${pc.bold(id)} as ${by}`);
      });
    });
}

/** The incident once it shows resolved (its postmortem written), or undefined when it takes longer than a few seconds. */
async function resolved(session: IncidentSession, id: string): Promise<IncidentStatus | undefined> {
  const { getIncident } = await import('../../client/incident-actions.js');
  for (const deadline = Date.now() + RESOLVE_WAIT_MS; Date.now() < deadline; ) {
    const s = await getIncident(session.client, id).catch(() => undefined);
    if (s?.resolvedAt !== undefined && s.postmortem !== undefined) return s;
    await new Promise((r) => setTimeout(r, 200));
  }
  return undefined;
}
