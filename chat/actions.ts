/**
 * The buttons of an incident message: their `action_id`s (which the Slack app
 * listens for) and the JSON `value` each carries back: which incident, and for
 * approvals which runbook step. A click's value comes from Slack, so it is
 * parsed and checked before anything acts on it.
 */
import { z } from 'zod';
import { SLACK_LIMITS } from './slack-text.js';

/** `action_id`s of the incident message's buttons. */
export const ACTIONS = {
  acknowledge: 'incident.acknowledge',
  escalate: 'incident.escalate',
  resolve: 'incident.resolve',
  approve: 'incident.approve',
  reject: 'incident.reject',
} as const;

export type IncidentActionName = keyof typeof ACTIONS;
export type IncidentActionId = (typeof ACTIONS)[IncidentActionName];

/** What a button's `value` says: the incident (its workflow id) and, for approvals, the step. */
export interface ActionValue {
  incident: string;
  step?: string;
}

const idPart = z.string().min(1).max(255);
const actionValueSchema = z.strictObject({ incident: idPart, step: idPart.optional() });

/** A button's `value`: compact JSON, at most Slack's 2000 characters (throws when longer). */
export function encodeActionValue(value: ActionValue): string {
  const text = JSON.stringify(value.step === undefined ? { incident: value.incident } : { incident: value.incident, step: value.step });
  if (text.length > SLACK_LIMITS.buttonValue) {
    throw new RangeError(`Cannot encode a button value over ${SLACK_LIMITS.buttonValue} characters (incident \`${value.incident.slice(0, 40)}\`)`);
  }
  return text;
}

export type ParsedActionValue = { ok: true; value: ActionValue } | { ok: false; error: string };

/** Parses a clicked button's `value`; junk gives `{ ok: false, error }` saying what was wrong. */
export function parseActionValue(value: string): ParsedActionValue {
  if (value.length > SLACK_LIMITS.buttonValue) return { ok: false, error: `Unexpected button value of ${value.length} characters, expected at most ${SLACK_LIMITS.buttonValue}` };
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    return { ok: false, error: 'Unexpected button value, expected JSON like {"incident":"<workflow id>"}' };
  }
  const parsed = actionValueSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'value'}: ${issue.message}`);
    return { ok: false, error: `Unexpected button value (${issues.join('; ')}), expected {"incident": string, "step"?: string}` };
  }
  const { incident, step } = parsed.data;
  return { ok: true, value: step === undefined ? { incident } : { incident, step } };
}

/** Whether `id` is one of the incident message's `action_id`s. */
export function isIncidentActionId(id: string): id is IncidentActionId {
  return (Object.values(ACTIONS) as string[]).includes(id);
}
