/** `swaybot incident show <id>`: one incident, who is paged, its runbook's waiting step, its timeline, what to run next. */
import type { Command } from 'commander';
import { CliError } from '../errors.js';
import type { CliContext } from '../context.js';
import { readIncident } from './incident-read.js';
import { withIncidentClient } from './incident-session.js';

export function registerIncidentShow(incident: Command, ctx: CliContext): void {
  incident
    .command('show')
    .description('show an incident: state, who is paged, its runbook and the step it waits on, timeline, next commands')
    .argument('<id>', 'the incident (see `incident list`)')
    .option('--format <format>', 'text or json', 'text')
    .action(async (id: string, options: { format: string }) => {
      if (options.format !== 'text' && options.format !== 'json') throw new CliError(`Unexpected --format \`${options.format}\`, expected text or json`, 2);
      const { formatIncident } = await import('./incident-format.js');
      await withIncidentClient(ctx, async (session) => {
        const status = await readIncident(session, id);
        if (options.format === 'json') {
          ctx.print(JSON.stringify(status, null, 2));
          return;
        }
        ctx.print(formatIncident(status, session.next));
        const { workflowUrl } = await import('../connect.js');
        const url = workflowUrl(session.target, id);
        if (url) ctx.print(`\nWeb UI: ${url}`);
      });
    });
}
