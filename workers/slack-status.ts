/**
 * `/swaybot status <id>` and `/swaybot incident list` as Slack answers: an
 * incident shows as its own message (chat/blocks.ts), a runbook run as its
 * steps and what it waits on, the list as one line per incident.
 */
import { getIncident, listIncidents } from '../client/incident-actions.js';
import { getStatus } from '../client/runbooks.js';
import { incidentMessage, slackMentions, STATE_EMOJI } from '../chat/blocks.js';
import { escapeMrkdwn } from '../chat/slack-text.js';
import type { StepState } from '../events/vocabulary.js';
import type { IncidentState } from '../incidents/types.js';
import { INCIDENT_WORKFLOW } from '../workflows/incident-messages.js';
import { RUNBOOK_WORKFLOW, type RunbookStatus } from '../workflows/messages.js';
import type { SlackContext } from './slack-context.js';
import { code, type SlackReply } from './slack-reply.js';

/** Most incidents `incident list` shows; the rest are counted. */
export const LIST_LIMIT = 20;
/** Most steps a run's status shows. */
const STEP_LINES = 40;

const STEP_ICON: Record<StepState, string> = {
  pending: '⚪',
  running: '▶️',
  'awaiting-approval': '✋',
  'awaiting-checklist': '☑',
  succeeded: '✅',
  skipped: '⏭️',
  failed: '❌',
  compensated: '↩️',
};

/** Open incidents (or all, newest first), one line each. */
export async function incidentListReply(ctx: SlackContext, all: boolean): Promise<SlackReply> {
  const incidents = await listIncidents(ctx.client, { all, limit: LIST_LIMIT + 1 });
  if (incidents.length === 0) return { text: all ? 'No incidents.' : 'No open incidents. :tada:' };
  const shown = incidents.slice(0, LIST_LIMIT);
  const lines = shown.map((i) => {
    const emoji = Object.hasOwn(STATE_EMOJI, i.state) ? STATE_EMOJI[i.state as IncidentState] : '•';
    const ended = i.open ? '' : ' (ended)';
    return `${emoji} ${code(i.id)} ${escapeMrkdwn(i.service)} · ${escapeMrkdwn(i.severity)} · ${escapeMrkdwn(i.state)}${ended} · opened ${slackDate(i.startTime)}`;
  });
  const more = incidents.length > LIST_LIMIT ? `\n…and more; the CLI's \`swaybot incident list\` shows them all.` : '';
  return { text: `*${all ? 'Incidents' : 'Open incidents'}*\n${lines.join('\n')}${more}` };
}

/** An incident's or a runbook run's status, by its workflow id. */
export async function statusReply(ctx: SlackContext, id: string): Promise<SlackReply> {
  const description = await ctx.client.workflow.getHandle(id).describe();
  if (description.type === INCIDENT_WORKFLOW) {
    const status = await getIncident(ctx.client, id);
    return incidentMessage(status, { mentions: slackMentions(status.paged, ctx.config.slack.users) });
  }
  if (description.type === RUNBOOK_WORKFLOW) return { text: runText(id, await getStatus(ctx.client, id)) };
  return { text: `${code(id)} is a ${code(description.type)} workflow, not an incident or a runbook run.` };
}

function runText(id: string, run: RunbookStatus): string {
  const head = `*Runbook ${escapeMrkdwn(run.runbookId)}* ${code(id)}: ${escapeMrkdwn(run.state)}${run.error ? ` — ${escapeMrkdwn(run.error)}` : ''}`;
  const steps = run.steps.slice(0, STEP_LINES).map((step) => {
    const waiting =
      step.state === 'awaiting-approval' && step.approvers?.length
        ? ` (approvers: ${step.approvers.map(escapeMrkdwn).join(', ')})`
        : step.state === 'awaiting-checklist' && step.checklist
          ? ` (${step.checklist.filter((c) => c.done).length}/${step.checklist.length} ticked)`
          : '';
    return `${STEP_ICON[step.state]} ${escapeMrkdwn(step.title)} — ${escapeMrkdwn(step.state)}${waiting}`;
  });
  const more = run.steps.length > STEP_LINES ? [`…and ${run.steps.length - STEP_LINES} more steps`] : [];
  return [head, ...steps, ...more].join('\n');
}

/** Slack's date token (each reader's local time), with UTC as the fallback text. */
function slackDate(date: Date): string {
  const fallback = `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `<!date^${Math.floor(date.getTime() / 1000)}^{date_short_pretty} {time}|${fallback}>`;
}
