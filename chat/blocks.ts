/**
 * Block Kit for an incident: the one message the incident keeps updated (what
 * it is, who is on it, the runbook step waiting on people, the buttons that fit
 * its state) and the one-line timeline replies in its thread. Everything is cut
 * to Slack's limits, and user text is escaped so it never becomes a mention.
 */
import type { IncidentState, IncidentStatus, PendingStep, TimelineEntry, TimelineKind } from '../incidents/types.js';
import type { StepState } from '../events/vocabulary.js';
import { ACTIONS, encodeActionValue } from './actions.js';
import type { Block } from './notifier.js';
import { escapeMrkdwn, mrkdwn, plainText, SLACK_LIMITS, truncate } from './slack-text.js';

export { ACTIONS, parseActionValue, encodeActionValue } from './actions.js';
export type { ActionValue, ParsedActionValue } from './actions.js';

/** The emoji in front of an incident's title, by state. */
export const STATE_EMOJI: Record<IncidentState, string> = {
  triggered: '🔴',
  acknowledged: '🟡',
  escalated: '🚨',
  mitigating: '🛠️',
  resolved: '✅',
};

const STATE_LABEL: Record<IncidentState, string> = {
  triggered: 'Triggered',
  acknowledged: 'Acknowledged',
  escalated: 'Escalated',
  mitigating: 'Mitigating',
  resolved: 'Resolved',
};

const AWAITING_APPROVAL: StepState = 'awaiting-approval';
const AWAITING_CHECKLIST: StepState = 'awaiting-checklist';

/** The `block_id` of the incident message's buttons. */
export const ACTIONS_BLOCK_ID = 'incident-actions';

export interface IncidentMessageOptions {
  /**
   * Who to notify, as Slack mentions (`<@U123>`) or bare Slack user ids (`U123`): the paged
   * people, mapped from swaybot ids by the caller (see `slackMentions`). Shown instead of `paged`.
   */
  mentions?: string[];
}

/**
 * Slack mentions for swaybot user ids, through config `slack.users` (Slack id → swaybot id)
 * read backwards; ids with no Slack user stay as they are.
 */
export function slackMentions(swaybotIds: readonly string[], users: Readonly<Record<string, string>>): string[] {
  const slackIdOf = new Map<string, string>();
  for (const [slackId, swaybotId] of Object.entries(users)) if (!slackIdOf.has(swaybotId)) slackIdOf.set(swaybotId, slackId);
  return swaybotIds.map((id) => {
    const slackId = slackIdOf.get(id);
    return slackId === undefined ? id : `<@${slackId}>`;
  });
}

/** The incident's status message: fallback `text` (what notifications show) and its blocks. */
export function incidentMessage(status: IncidentStatus, opts: IncidentMessageOptions = {}): { text: string; blocks: Block[] } {
  const people = peopleText(status, opts.mentions);
  const blocks: Block[] = [
    { type: 'header', text: plainText(`${STATE_EMOJI[status.state]} ${status.title}`, SLACK_LIMITS.headerText) },
    { type: 'section', fields: fields(status, people) },
  ];
  if (status.runbook) blocks.push(...runbookBlocks(status.runbook, status.runbookTies?.map((tie) => tie.id) ?? []));
  blocks.push(context(`Incident \`${escapeMrkdwn(status.id)}\``));
  blocks.push(status.state === 'resolved' ? context(resolvedLine(status)) : actionsBlock(status));
  return { text: fallbackText(status, people), blocks: fitBlocks(blocks) };
}

/** One line of the incident's thread for a timeline entry: time, what happened, who. */
export function timelineText(entry: TimelineEntry): string {
  const by = entry.by === undefined ? '' : ` — ${escapeMrkdwn(entry.by)}`;
  const line = `\`${clock(entry.at)}\` ${TIMELINE_ICON[entry.kind]} ${escapeMrkdwn(entry.text.replace(/\s+/g, ' ').trim())}${by}`;
  return truncate(line, SLACK_LIMITS.sectionText);
}

const TIMELINE_ICON: Record<TimelineKind, string> = {
  opened: '🔴',
  'alert-repeated': '🔁',
  'alert-cleared': '🟢',
  acknowledged: '👀',
  escalated: '🚨',
  paged: '📟',
  note: '📝',
  'runbook-selected': '📖',
  'runbook-none': '📖',
  'runbook-step': '▶️',
  'runbook-finished': '🏁',
  approval: '✋',
  resolved: '✅',
  reopened: '♻️',
  'false-positive': '🙈',
  'notify-failed': '⚠️',
};

function fields(status: IncidentStatus, people: string | undefined): Block[] {
  const field = (label: string, value: string) => mrkdwn(`*${label}*\n${value}`, SLACK_LIMITS.fieldText);
  const list = [
    field('Service', escapeMrkdwn(status.service)),
    field('Severity', escapeMrkdwn(status.severity)),
    field('State', STATE_LABEL[status.state] + (status.falsePositive ? ' (false positive)' : '')),
    field('Alerts', `${status.alertCount}${status.reopenCount > 0 ? ` · reopened ${status.reopenCount}×` : ''}`),
    field('Opened', slackDate(status.openedAt)),
  ];
  if (status.acknowledgedBy !== undefined) list.push(field('Acknowledged by', escapeMrkdwn(status.acknowledgedBy)));
  if (people !== undefined) list.push(field('On call / paged', people));
  return list.slice(0, SLACK_LIMITS.fields);
}

function runbookBlocks(runbook: NonNullable<IncidentStatus['runbook']>, ties: string[]): Block[] {
  const state = runbook.state === undefined ? '' : ` — ${escapeMrkdwn(runbook.state)}`;
  const blocks: Block[] = [{ type: 'section', text: mrkdwn(`📖 *Runbook:* ${escapeMrkdwn(runbook.title)} (\`${escapeMrkdwn(runbook.id)}\`)${state}`) }];
  const others = ties.filter((id) => id !== runbook.id);
  if (others.length > 0) blocks.push(context(`Also matched: ${others.map((id) => `\`${escapeMrkdwn(id)}\``).join(', ')}`));
  const step = runbook.pendingStep;
  if (step?.state === AWAITING_APPROVAL) blocks.push({ type: 'section', text: mrkdwn(approvalText(step)) });
  else if (step?.state === AWAITING_CHECKLIST) blocks.push({ type: 'section', text: mrkdwn(checklistText(step)) });
  return blocks;
}

function approvalText(step: PendingStep): string {
  const lines = [`✋ *Waiting for approval:* ${escapeMrkdwn(step.title)}`];
  if (step.prompt) lines.push(escapeMrkdwn(step.prompt));
  if (step.approvers && step.approvers.length > 0) lines.push(`_Approvers: ${step.approvers.map(escapeMrkdwn).join(', ')}_`);
  return lines.join('\n');
}

function checklistText(step: PendingStep): string {
  const items = (step.checklist ?? []).map((item) => `${item.done ? '☑' : '☐'} ${escapeMrkdwn(item.text)}${item.by ? ` — ${escapeMrkdwn(item.by)}` : ''}`);
  return [`☑ *Checklist:* ${escapeMrkdwn(step.title)}`, ...items].join('\n');
}

function actionsBlock(status: IncidentStatus): Block {
  const incident = { incident: status.id };
  const elements: Block[] = [];
  if (status.state === 'triggered' || status.state === 'escalated') elements.push(button('Acknowledge', ACTIONS.acknowledge, encodeActionValue(incident)));
  elements.push(button('Escalate', ACTIONS.escalate, encodeActionValue(incident)));
  elements.push(button('Resolve', ACTIONS.resolve, encodeActionValue(incident)));
  const step = status.runbook?.pendingStep;
  if (step?.state === AWAITING_APPROVAL) {
    const value = encodeActionValue({ incident: status.id, step: step.id });
    elements.push({ ...button('Approve', ACTIONS.approve, value), style: 'primary' });
    elements.push({
      ...button('Reject', ACTIONS.reject, value),
      style: 'danger',
      confirm: {
        title: plainText('Reject this step?', SLACK_LIMITS.confirmTitle),
        text: plainText(`The runbook step “${step.title}” will not run.`, SLACK_LIMITS.confirmText),
        confirm: plainText('Reject', SLACK_LIMITS.confirmButton),
        deny: plainText('Cancel', SLACK_LIMITS.confirmButton),
        style: 'danger',
      },
    });
  }
  return { type: 'actions', block_id: ACTIONS_BLOCK_ID, elements };
}

function button(label: string, actionId: string, value: string): Block {
  return { type: 'button', text: plainText(label, SLACK_LIMITS.buttonText), action_id: actionId, value };
}

function resolvedLine(status: IncidentStatus): string {
  const by = status.resolvedBy === undefined ? '' : ` by ${escapeMrkdwn(status.resolvedBy)}`;
  const at = status.resolvedAt === undefined ? '' : ` at ${slackDate(status.resolvedAt)}`;
  const falsePositive = status.falsePositive
    ? ` · marked a false positive by ${escapeMrkdwn(status.falsePositive.by)}${status.falsePositive.reason ? `: ${escapeMrkdwn(status.falsePositive.reason)}` : ''}`
    : '';
  return `✅ Resolved${by}${at}${falsePositive}`;
}

function context(text: string): Block {
  return { type: 'context', elements: [mrkdwn(text, SLACK_LIMITS.contextText)] };
}

function peopleText(status: IncidentStatus, mentions: string[] | undefined): string | undefined {
  const shown = mentions && mentions.length > 0 ? mentions.map(mentionText) : status.paged.map(escapeMrkdwn);
  return shown.length > 0 ? shown.join(' ') : undefined;
}

/** `<@U1>` and `U1` become a mention; anything else is shown escaped. */
function mentionText(mention: string): string {
  if (/^<@[UW][A-Z0-9-]+>$/.test(mention)) return mention;
  if (/^[UW][A-Z0-9-]+$/.test(mention)) return `<@${mention}>`;
  return escapeMrkdwn(mention);
}

function fallbackText(status: IncidentStatus, people: string | undefined): string {
  const parts = [`${STATE_EMOJI[status.state]} ${STATE_LABEL[status.state]}: ${escapeMrkdwn(status.title)} — ${escapeMrkdwn(status.service)} (${escapeMrkdwn(status.severity)})`];
  if (status.state === 'resolved' && status.resolvedBy !== undefined) parts.push(`resolved by ${escapeMrkdwn(status.resolvedBy)}`);
  else if (status.acknowledgedBy !== undefined) parts.push(`acknowledged by ${escapeMrkdwn(status.acknowledgedBy)}`);
  if (status.state !== 'resolved' && status.runbook?.pendingStep?.state === AWAITING_APPROVAL) parts.push(`waiting for approval: ${escapeMrkdwn(status.runbook.pendingStep.title)}`);
  if (status.state !== 'resolved' && people !== undefined) parts.push(people);
  return truncate(parts.join(' · '), SLACK_LIMITS.sectionText);
}

/** At most Slack's 50 blocks; when cut, the last block (the buttons or the resolved line) stays. */
export function fitBlocks(blocks: Block[]): Block[] {
  if (blocks.length <= SLACK_LIMITS.blocks) return blocks;
  return [...blocks.slice(0, SLACK_LIMITS.blocks - 1), blocks[blocks.length - 1] as Block];
}

/** Slack's date token: each reader's local time, with the UTC time as fallback. */
function slackDate(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return escapeMrkdwn(iso);
  const fallback = `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} {time}|${fallback}>`;
}

/** `HH:MM:SS` in UTC, or the text as given when it is not a time. */
function clock(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? escapeMrkdwn(iso.slice(0, 32)) : new Date(ms).toISOString().slice(11, 19);
}
