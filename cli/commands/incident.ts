/**
 * `swaybot incident list|show|ack|escalate|resolve|note|postmortem|approve|reject|tick`:
 * see incidents and act on them (docs/incidents.md). Every action is an Update the
 * incident's validator checks first, so a refusal changes nothing and says why.
 */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { registerIncidentActions } from './incident-act.js';
import { registerIncidentList } from './incident-list.js';
import { registerIncidentPostmortem } from './incident-postmortem.js';
import { registerIncidentRunbook } from './incident-runbook.js';
import { registerIncidentShow } from './incident-show.js';

export function registerIncident(program: Command, ctx: CliContext): void {
  const incident = program.command('incident').description('list incidents, show one, acknowledge, escalate, resolve, note, and steer its runbook');
  incident.exitOverride();
  registerIncidentList(incident, ctx);
  registerIncidentShow(incident, ctx);
  registerIncidentActions(incident, ctx);
  registerIncidentPostmortem(incident, ctx);
  registerIncidentRunbook(incident, ctx);
  for (const command of incident.commands) command.exitOverride();
}
