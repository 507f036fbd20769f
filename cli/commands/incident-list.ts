/** `swaybot incident list`: open incidents (or every one with `--all`), newest first. */
import type { Command } from 'commander';
import { closest } from 'fastest-levenshtein';
import { INCIDENT_STATES, type IncidentState } from '../../incidents/types.js';
import { CliError } from '../errors.js';
import type { CliContext } from '../context.js';
import { withIncidentClient } from './incident-session.js';

interface ListOptions {
  all?: boolean;
  state?: string;
  service?: string;
  limit: string;
  format: string;
}

const isState = (value: string): value is IncidentState => (INCIDENT_STATES as readonly string[]).includes(value);

function parseState(value: string): IncidentState {
  if (isState(value)) return value;
  throw new CliError(`Unexpected --state \`${value}\`, expected one of ${INCIDENT_STATES.join(', ')} (did you mean \`${closest(value, [...INCIDENT_STATES])}\`?)`, 2);
}

export function registerIncidentList(incident: Command, ctx: CliContext): void {
  incident
    .command('list')
    .description('list open incidents, newest first: id, state, service, severity, age')
    .option('--all', 'closed incidents too (resolved and past their reopen window)')
    .option('--state <state>', `only incidents in this state: ${INCIDENT_STATES.join(', ')}`)
    .option('--service <service>', 'only incidents of this service')
    .option('--limit <n>', 'at most this many incidents', '50')
    .option('--format <format>', 'text or json', 'text')
    .action(async (options: ListOptions) => {
      const state = options.state === undefined ? undefined : parseState(options.state);
      const limit = Number(options.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new CliError(`Unexpected --limit \`${options.limit}\`, expected a whole number of incidents, 1 or more`, 2);
      if (options.format !== 'text' && options.format !== 'json') throw new CliError(`Unexpected --format \`${options.format}\`, expected text or json`, 2);
      const [{ listIncidents }, { formatIncidentList }] = await Promise.all([import('../../client/incident-actions.js'), import('./incident-format.js')]);
      await withIncidentClient(ctx, async ({ client, target, next }) => {
        const incidents = await listIncidents(client, {
          limit,
          ...(options.all ? { all: true } : {}),
          ...(state !== undefined ? { state } : {}),
          ...(options.service !== undefined ? { service: options.service } : {}),
        });
        if (options.format === 'json') {
          ctx.print(JSON.stringify(incidents, null, 2));
          return;
        }
        if (incidents.length === 0) {
          const filters = [state ? `in state ${state}` : '', options.service ? `of service ${options.service}` : ''].filter(Boolean).join(' ');
          ctx.print(`No ${options.all ? '' : 'open '}incidents${filters ? ` ${filters}` : ''} on ${target.address} (namespace ${target.namespace}).`);
          if (!options.all) ctx.print(`Closed ones too: ${next.list('--all')}`);
          return;
        }
        ctx.print(formatIncidentList(incidents));
      });
    });
}
