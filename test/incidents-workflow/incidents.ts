/**
 * Opening and reading incidents in the workflow tests: alerts, test-sized policies,
 * `fire` (the alert receiver's `signalWithStart`), the status query, and polling
 * with a deadline.
 */
import type { Client } from '@temporalio/client';
import type { AlertInput, IncidentPolicy, IncidentStatus } from '../../incidents/types.js';
import { alertSignal, INCIDENT_WORKFLOW, incidentStatus, incidentWorkflowId } from '../../workflows/incident-messages.js';
import type { IncidentHarness } from './harness.js';

/** The approver directory incidents of these tests snapshot. */
export const DIRECTORY: Record<string, string[]> = { sre: ['alice', 'bob'], 'incident-commanders': ['carol'], observers: ['olga'] };

/** A fresh service name, so each test's incidents and ledger events are its own. */
export function uniqueService(prefix = 'svc'): string {
  return `${prefix}-${Math.random().toString(36).slice(2, 8)}`;
}

/** A firing alert for `service` (dedupe key `key`), labels as Alertmanager would give them. */
export function alertFor(service: string, overrides: Partial<AlertInput> = {}): AlertInput {
  const now = new Date().toISOString();
  return {
    source: 'alertmanager',
    service,
    dedupeKey: 'k1',
    name: 'HighErrorRate',
    status: 'firing',
    severity: 'critical',
    labels: { alertname: 'HighErrorRate', service, severity: 'critical' },
    annotations: { summary: 'error rate above 5%' },
    startsAt: now,
    receivedAt: now,
    ...overrides,
  };
}

/** Tier 1 pages alice with 2 s to acknowledge, tier 2 pages carol; resolve on clear, 3 s reopen window. */
export function testPolicy(overrides: Partial<IncidentPolicy> = {}): IncidentPolicy {
  return {
    escalations: {
      default: {
        tiers: [
          { name: 'on-call', page: ['alice'], ackWithin: '2s' },
          { name: 'incident commander', page: ['carol'], ackWithin: '1h' },
        ],
        repeat: 0,
      },
    },
    rotations: {},
    routes: [{ match: {}, onClear: 'resolve' }],
    reopenWindow: '3s',
    channel: '#incidents-test',
    ...overrides,
  };
}

/** Escalations that never fire during a test: for tests about something else (a loaded machine can take 2 s between two reads). */
export const SLOW_ESCALATION: Pick<IncidentPolicy, 'escalations'> = {
  escalations: { default: { tiers: [{ name: 'on-call', page: ['alice'], ackWithin: '1h' }, { name: 'incident commander', page: ['carol'], ackWithin: '1h' }], repeat: 0 } },
};

/** Lands `alert` on its incident as the alert receiver does (`signalWithStart`); returns the incident id. */
export async function fire(h: IncidentHarness, alert: AlertInput, policy: IncidentPolicy = testPolicy()): Promise<string> {
  const workflowId = incidentWorkflowId(alert.service, alert.dedupeKey);
  await h.client.workflow.signalWithStart(INCIDENT_WORKFLOW, {
    workflowId,
    taskQueue: h.taskQueue,
    args: [{ policy, directory: DIRECTORY }],
    signal: alertSignal,
    signalArgs: [alert],
  });
  return workflowId;
}

export function statusOf(client: Client, id: string): Promise<IncidentStatus> {
  return client.workflow.getHandle(id).query(incidentStatus);
}

/** Polls `read` until `ok` holds; fails naming `what` and the last value after `timeoutMs`. */
export async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let error: unknown;
  for (;;) {
    try {
      last = await read();
      if (ok(last)) return last;
    } catch (err) {
      // Queries fail until the first workflow task ran; keep polling.
      error = err;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}; last value: ${JSON.stringify(last)}${error ? `; last error: ${String(error)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Polls the incident until `ok` holds. */
export function incidentWhen(h: IncidentHarness, id: string, ok: (s: IncidentStatus) => boolean, what: string, timeoutMs?: number): Promise<IncidentStatus> {
  return eventually(() => statusOf(h.client, id), ok, `${id}: ${what}`, timeoutMs);
}

/** Reads the incident for `forMs` and fails at once if `ok` stops holding (for "nothing happens" checks). */
export async function staysTrue(h: IncidentHarness, id: string, ok: (s: IncidentStatus) => boolean, what: string, forMs: number): Promise<IncidentStatus> {
  const until = Date.now() + forMs;
  for (;;) {
    const s = await statusOf(h.client, id);
    if (!ok(s)) throw new Error(`${id}: expected ${what} to hold, but it stopped: ${JSON.stringify(s)}`);
    if (Date.now() > until) return s;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The kinds of the incident's timeline, in order. */
export const kinds = (s: IncidentStatus): string[] => s.timeline.map((e) => e.kind);
