/**
 * What the alert parsers (Alertmanager, generic JSON) answer: the alerts, or why the
 * body was refused, as a reason from a closed list (the receiver counts refusals by
 * it) and a message that names the field.
 */
import type { ZodError } from 'zod';
import type { AlertInput } from './types.js';

/** Why an alert body was refused. */
export const REJECT_REASONS = [
  /** The body is larger than the receiver takes (the receiver's check, made unread). */
  'body-too-large',
  /** The body is not JSON (the receiver's check; the parsers take parsed JSON). */
  'invalid-json',
  /** An Alertmanager body whose `version` is not `"4"`. */
  'wrong-version',
  /** An Alertmanager alert without an `alertname` label. */
  'missing-labels',
  /** A field missing, of the wrong type, or not one the body may have. */
  'bad-shape',
  /** No alerts in the body. */
  'no-alerts',
  /** More alerts in one body than a parser takes. */
  'too-many-alerts',
  /** A time that is not RFC 3339 (`2026-01-05T09:00:00Z`). */
  'bad-time',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export type ParseResult =
  | {
      ok: true;
      alerts: AlertInput[];
      /** Alerts the sender left out of the body (Alertmanager's `truncatedAlerts`), when any. */
      truncatedAlerts?: number;
    }
  | { ok: false; reason: RejectReason; message: string };

/** A refusal. */
export function reject(reason: RejectReason, message: string): ParseResult {
  return { ok: false, reason, message };
}

/** A field path as people write it: `alerts[0].labels.alertname`; the body itself is `(body)`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) text += text === '' ? key : `.${key}`;
    else text += `[${JSON.stringify(String(key))}]`;
  }
  return text === '' ? '(body)' : text;
}

/** The message of a schema failure: its first problem with the field's path, and how many more there are. */
export function describeIssues(issues: ZodError['issues']): string {
  const first = issues[0];
  if (!first) return '(body): invalid';
  const path = first.code === 'unrecognized_keys' && first.keys.length > 0 ? [...first.path, first.keys[0]!] : first.path;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  return `${formatPath(path)}: ${first.message}${more}`;
}
