/**
 * Alertmanager's webhook payload (version "4", the only one it has sent since
 * 0.7) as a zod schema, and its alerts as swaybot's `AlertInput`s.
 * https://prometheus.io/docs/alerting/latest/configuration/#webhook_config
 */
import { z, type ZodError } from 'zod';
import { describeIssues, reject, type ParseResult, type RejectReason } from './intake.js';
import { labelKey } from './labels.js';
import { canonicalTime, ZERO_TIME_MS } from './time.js';
import type { AlertInput } from './types.js';

const TIME_HINT = 'expected an RFC 3339 time such as 2026-01-05T09:00:00Z';
const time = z.iso.datetime({ offset: true, error: (issue) => (issue.input === undefined ? 'missing' : TIME_HINT) });
const status = z.enum(['firing', 'resolved']);
const labelSet = z.record(z.string(), z.string());

const alertLabels = z
  .object({
    alertname: z
      .string({ error: (issue) => (issue.input === undefined ? 'missing: every alert needs an `alertname` label' : 'expected a string') })
      .min(1, 'empty: every alert needs an `alertname` label'),
  })
  .catchall(z.string());

/** One alert of the payload. */
export const alertmanagerAlertSchema = z.looseObject({
  status,
  labels: alertLabels,
  annotations: labelSet.default({}),
  startsAt: time,
  /** `0001-01-01T00:00:00Z` while the alert has no end. */
  endsAt: time.optional(),
  generatorURL: z.string().optional(),
  /** Alertmanager's hash of the labels: the same alert always has the same one. */
  fingerprint: z.string().optional(),
});

/**
 * The webhook body. Alertmanager always sends every field; swaybot needs only `version`
 * and `alerts`, so the rest may be absent (hand-written posts, other senders of this
 * format), and fields a later Alertmanager adds are let through.
 */
export const alertmanagerPayloadSchema = z.looseObject({
  version: z.literal('4'),
  groupKey: z.string().optional(),
  /** How many alerts Alertmanager left out (`max_alerts`). */
  truncatedAlerts: z.number().int().min(0).optional(),
  status: status.optional(),
  receiver: z.string().optional(),
  groupLabels: labelSet.optional(),
  commonLabels: labelSet.optional(),
  commonAnnotations: labelSet.optional(),
  externalURL: z.string().optional(),
  alerts: z.array(alertmanagerAlertSchema),
});

export type AlertmanagerPayload = z.infer<typeof alertmanagerPayloadSchema>;
export type AlertmanagerAlert = z.infer<typeof alertmanagerAlertSchema>;

/**
 * The alerts of an Alertmanager webhook body (parsed JSON), received at `receivedAt`
 * (ISO 8601), or why it was refused. Never throws.
 */
export function parseAlertmanager(body: unknown, receivedAt: string): ParseResult {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return reject('bad-shape', `(body): expected an Alertmanager webhook object, got ${body === null ? 'null' : Array.isArray(body) ? 'an array' : typeof body}`);
  }
  const version: unknown = (body as { version?: unknown }).version;
  if (version !== '4') {
    return reject('wrong-version', `version: expected "4" (Alertmanager's webhook format), got ${version === undefined ? 'none' : JSON.stringify(version)}`);
  }
  const parsed = alertmanagerPayloadSchema.safeParse(body);
  if (!parsed.success) return reject(reasonOf(parsed.error.issues[0]), describeIssues(parsed.error.issues));
  const payload = parsed.data;
  if (payload.alerts.length === 0) return reject('no-alerts', 'alerts: empty, expected at least one alert');
  const alerts = payload.alerts.map((alert) => toAlertInput(alert, receivedAt));
  const truncated = payload.truncatedAlerts ?? 0;
  return { ok: true, alerts, ...(truncated > 0 ? { truncatedAlerts: truncated } : {}) };
}

/** Which refusal a schema problem is: by its field, and for times whether one was there at all. */
function reasonOf(issue: ZodError['issues'][number] | undefined): RejectReason {
  const last = issue?.path[issue.path.length - 1];
  if (last === 'alertname') return 'missing-labels';
  if ((last === 'startsAt' || last === 'endsAt') && issue?.code === 'invalid_format') return 'bad-time';
  return 'bad-shape';
}

/** Prometheus treats an empty label as an absent one. */
function label(labels: Record<string, string>, name: string): string | undefined {
  const value = labels[name];
  return value === undefined || value === '' ? undefined : value;
}

/**
 * One alert as swaybot's: the service is the `service` label, else `job`, else `unknown`;
 * the labels gain `service` when they lack it; the dedupe key is the fingerprint, else the
 * key of the labels as sent; `endsAt` is kept for resolved
 * alerts only (a firing alert's is Go's zero time or a guess of when it would expire).
 */
function toAlertInput(alert: AlertmanagerAlert, receivedAt: string): AlertInput {
  const labels: Record<string, string> = { ...alert.labels };
  const starts = Date.parse(alert.startsAt) === ZERO_TIME_MS ? receivedAt : canonicalTime(alert.startsAt);
  const ends = alert.status === 'resolved' && alert.endsAt !== undefined && Date.parse(alert.endsAt) !== ZERO_TIME_MS ? canonicalTime(alert.endsAt) : undefined;
  const service = label(labels, 'service') ?? label(labels, 'job') ?? 'unknown';
  const dedupeKey = alert.fingerprint || labelKey(labels);
  // Routes and runbook `match` see the service under its own label, whichever label gave it.
  if (label(labels, 'service') === undefined) labels['service'] = service;
  return {
    source: 'alertmanager',
    service,
    dedupeKey,
    name: alert.labels.alertname,
    status: alert.status,
    severity: label(labels, 'severity') ?? 'warning',
    labels,
    annotations: { ...alert.annotations },
    startsAt: starts,
    ...(ends !== undefined ? { endsAt: ends } : {}),
    ...(alert.generatorURL ? { generatorURL: alert.generatorURL } : {}),
    receivedAt,
  };
}
