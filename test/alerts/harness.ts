/**
 * What the alert tests share: a receiver on the shared test server (or one of their own;
 * the dev server registers the incident search attributes), the alerts an incident was signalled (read
 * from its history, no worker needed), and metric values read from the receiver's registry.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defaultPayloadConverter, type Client } from '@temporalio/client';
import { configSchema, type Config } from '../../config/schema.js';
import type { AlertInput } from '../../incidents/types.js';
import { startAlertReceiver, type AlertReceiver } from '../../workers/alerts.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures/alerts/', import.meta.url));

/** The body limit the tests configure: the `huge.json` fixtures are over it. */
export const TEST_MAX_BODY_BYTES = 8192;

/** A configuration with defaults but the tests' body limit. */
export function alertTestConfig(): Config {
  return configSchema.parse({ alerts: { maxBodyBytes: TEST_MAX_BODY_BYTES } });
}

/** Lines the receiver logged, kept for assertions instead of printed. */
export interface LogCapture {
  lines: { level: 'info' | 'warn' | 'error'; obj: object; msg: string }[];
  log: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

export function captureLog(): LogCapture {
  const lines: LogCapture['lines'] = [];
  return {
    lines,
    log: {
      info: (obj, msg) => void lines.push({ level: 'info', obj, msg }),
      warn: (obj, msg) => void lines.push({ level: 'warn', obj, msg }),
      error: (obj, msg) => void lines.push({ level: 'error', obj, msg }),
    },
  };
}

/** A receiver on a free loopback port, logging into `capture`. */
export function startTestReceiver(client: Client, taskQueue: string, capture = captureLog(), acceptTimeoutMs?: number): Promise<AlertReceiver> {
  return startAlertReceiver({ client, taskQueue, config: alertTestConfig(), log: capture.log, ...(acceptTimeoutMs ? { acceptTimeoutMs } : {}) });
}

/** POSTs `body` (a string is sent as is) and returns the status and parsed JSON answer. */
export async function post(url: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, json: JSON.parse(text) as Record<string, unknown> };
}

/** A fixture file's text. */
export function fixture(name: string): string {
  return readFileSync(`${FIXTURES}${name}`, 'utf8');
}

/** The alerts signalled to `workflowId`'s latest run (its `alert` signals), oldest first. */
export async function signalledAlerts(client: Client, workflowId: string): Promise<AlertInput[]> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const alerts: AlertInput[] = [];
  for (const event of history.events ?? []) {
    const signal = event.workflowExecutionSignaledEventAttributes;
    if (!signal || signal.signalName !== 'alert') continue;
    const payload = signal.input?.payloads?.[0];
    if (payload) alerts.push(defaultPayloadConverter.fromPayload<AlertInput>(payload));
  }
  return alerts;
}

/** True when a workflow with this id exists on the server. */
export async function workflowExists(client: Client, workflowId: string): Promise<boolean> {
  try {
    await client.workflow.getHandle(workflowId).describe();
    return true;
  } catch (err) {
    if ((err as Error).name === 'WorkflowNotFoundError') return false;
    throw err;
  }
}

/** The value of a counter (or a histogram's `_count`) for `labels` in `receiver`'s registry; 0 when absent. */
export async function metric(receiver: AlertReceiver, name: string, labels: Record<string, string> = {}): Promise<number> {
  const all = await receiver.registry.getMetricsAsJSON();
  const base = name.endsWith('_count') ? name.slice(0, -'_count'.length) : name;
  const found = all.find((m) => m.name === base);
  if (!found) throw new Error(`No metric ${base} in the receiver's registry`);
  // Histograms list their buckets, sum and count as values, each naming its series.
  const values = found.values.filter((v) => ((v as { metricName?: string }).metricName ?? found.name) === name);
  const match = values.find((v) => Object.entries(labels).every(([k, val]) => (v.labels as Record<string, unknown>)[k] === val));
  return match?.value ?? 0;
}
