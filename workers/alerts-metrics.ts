/**
 * The alert receiver's Prometheus metrics, in a registry of its own (never prom-client's
 * global one), so two receivers in one process, as in tests, count apart.
 * docs/alerts.md describes each metric.
 */
import { Counter, Histogram, Registry } from 'prom-client';
import { REJECT_REASONS } from '../incidents/intake.js';

/** The alert endpoints, as the `endpoint` label names them. */
export type AlertEndpoint = 'alertmanager' | 'generic';

/** Refusals of the receiver itself, besides the payload's (`REJECT_REASONS`: `invalid-json`, `wrong-version`, …). */
export const RECEIVER_REJECTIONS = ['body-too-large', 'temporal-unavailable', 'temporal-error'] as const;

export interface AlertMetrics {
  registry: Registry;
  received: Counter<'endpoint'>;
  accepted: Counter;
  rejected: Counter<'reason'>;
  opened: Counter;
  joined: Counter;
  acceptSeconds: Histogram;
}

/** A fresh registry with every alert metric, the known label values already at 0. */
export function createAlertMetrics(): AlertMetrics {
  const registry = new Registry();
  const registers = [registry];
  const received = new Counter({
    name: 'swaybot_alerts_received_total',
    help: 'Requests received on an alert endpoint, whatever became of them.',
    labelNames: ['endpoint'] as const,
    registers,
  });
  const accepted = new Counter({
    name: 'swaybot_alerts_accepted_total',
    help: 'Alerts that reached their incident (each alert of an accepted request).',
    registers,
  });
  const rejected = new Counter({
    name: 'swaybot_alerts_rejected_total',
    help: 'Requests refused, by reason: 400 and 413 are final, 503 temporal-unavailable is retried by the sender.',
    labelNames: ['reason'] as const,
    registers,
  });
  const opened = new Counter({
    name: 'swaybot_incidents_opened_total',
    help: 'Alerts that started an incident workflow run (a new incident, or a new run after the last one closed).',
    registers,
  });
  const joined = new Counter({
    name: 'swaybot_incidents_joined_total',
    help: 'Alerts signalled to an incident that was already running.',
    registers,
  });
  const acceptSeconds = new Histogram({
    name: 'swaybot_alert_accept_seconds',
    help: 'From a request arriving to its 2xx answer: every alert of it durable on the Temporal server.',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  for (const endpoint of ['alertmanager', 'generic'] satisfies AlertEndpoint[]) received.inc({ endpoint }, 0);
  for (const reason of [...REJECT_REASONS, ...RECEIVER_REJECTIONS]) rejected.inc({ reason }, 0);
  return { registry, received, accepted, rejected, opened, joined, acceptSeconds };
}
