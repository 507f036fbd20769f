/**
 * The generic alert endpoint's body, for senders that are not Alertmanager: one
 * alert object or an array of them, as swaybot's `AlertInput`s.
 */
import { z } from 'zod';
import { describeIssues, reject, type ParseResult } from './intake.js';
import { labelKey } from './labels.js';
import { canonicalTime } from './time.js';
import type { AlertInput, AlertSource } from './types.js';

/** The most alerts one body may carry. */
export const MAX_GENERIC_ALERTS = 1000;

const TIME_HINT = 'expected an RFC 3339 time such as 2026-01-05T09:00:00Z';
const text = z.string().min(1, 'expected a non-empty string');
const labelSet = z.record(z.string(), z.string());

/** One alert. Unknown fields are refused, so a misspelt `severity` is not silently dropped. */
export const genericAlertSchema = z.strictObject({
  /** What fired: becomes the `alertname` label. */
  name: text,
  /** The service it is about: becomes the `service` label. */
  service: text,
  status: z.enum(['firing', 'resolved']).default('firing'),
  /** Default: the `severity` label, else `warning`. */
  severity: text.optional(),
  /** What makes two alerts the same incident; default: the key of the labels with name and service (not `severity`). */
  dedupeKey: text.optional(),
  labels: labelSet.default({}),
  annotations: labelSet.default({}),
  /** Default: when it was received. */
  startsAt: z.iso.datetime({ offset: true, error: TIME_HINT }).optional(),
});

export type GenericAlert = z.infer<typeof genericAlertSchema>;

/** A single alert is checked as a list of one, its paths shown without the `[0]`. */
const alertList = z.array(genericAlertSchema);

/**
 * The alerts of a generic body (parsed JSON), received at `receivedAt` (ISO 8601), or why
 * it was refused. `source` says who sent it (`cli` for `swaybot incident trigger`). Never throws.
 */
export function parseGeneric(body: unknown, receivedAt: string, source: AlertSource = 'generic'): ParseResult {
  const items = Array.isArray(body) ? (body as unknown[]) : [body];
  if (items.length === 0) return reject('no-alerts', '(body): empty array, expected at least one alert');
  if (items.length > MAX_GENERIC_ALERTS) {
    return reject('too-many-alerts', `(body): ${items.length} alerts, expected at most ${MAX_GENERIC_ALERTS} per request`);
  }
  const parsed = alertList.safeParse(items);
  if (!parsed.success) {
    const issues = Array.isArray(body) ? parsed.error.issues : parsed.error.issues.map((i) => ({ ...i, path: i.path.slice(1) }));
    const first = issues[0];
    const badTime = first?.code === 'invalid_format' && first.path[first.path.length - 1] === 'startsAt';
    return reject(badTime ? 'bad-time' : 'bad-shape', describeIssues(issues));
  }
  return { ok: true, alerts: parsed.data.map((alert) => toAlertInput(alert, receivedAt, source)) };
}

/**
 * One alert as swaybot's. Its labels gain `alertname` (the name), `service` and, when given,
 * `severity`, so routes and runbook `match` see the same labels as for Alertmanager alerts;
 * these fields win over labels of the same names. The default dedupe key leaves the
 * `severity` field out: an alert that worsens from warning to critical stays one incident.
 */
function toAlertInput(alert: GenericAlert, receivedAt: string, source: AlertSource): AlertInput {
  const identity: Record<string, string> = { ...alert.labels, alertname: alert.name, service: alert.service };
  const labels: Record<string, string> = { ...identity, ...(alert.severity !== undefined ? { severity: alert.severity } : {}) };
  return {
    source,
    service: alert.service,
    dedupeKey: alert.dedupeKey ?? labelKey(identity),
    name: alert.name,
    status: alert.status,
    severity: labels['severity'] || 'warning',
    labels,
    annotations: { ...alert.annotations },
    startsAt: alert.startsAt !== undefined ? canonicalTime(alert.startsAt) : receivedAt,
    receivedAt,
  };
}
