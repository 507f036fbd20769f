/**
 * Landing a request's parsed alerts on their incidents: `openOrJoin` for each, a bounded
 * number at a time, within a deadline, counting incidents opened and joined. The answer
 * is a success only once every alert is durable on the Temporal server.
 */
import type { Client } from '@temporalio/client';
import { openOrJoin } from '../client/incidents.js';
import type { Config } from '../config/schema.js';
import { mapPool } from '../hardware/pool.js';
import type { AlertInput } from '../incidents/types.js';
import type { AlertMetrics } from './alerts-metrics.js';

/** How many `signalWithStart` calls one request keeps in flight. */
export const INTAKE_CONCURRENCY = 16;

export interface IntakeContext {
  client: Client;
  taskQueue: string;
  config: Config;
  metrics: AlertMetrics;
  /** How long the whole request may take before it is answered 503 (the sender retries). */
  timeoutMs: number;
  /** Calls still running after their request was answered; the receiver's close waits for them. */
  lingering: Set<Promise<unknown>>;
}

export type IntakeResult =
  | {
      ok: true;
      accepted: number;
      /** Incident ids, each once, in the order of their first alert. */
      incidents: string[];
      /** The ids among them that this request started (a new run). */
      opened: string[];
    }
  | { ok: false; reason: 'temporal-unavailable' | 'temporal-error'; message: string };

/** Signals every alert to its incident; the first failure stops the rest and answers for the request. */
export async function landAlerts(alerts: readonly AlertInput[], ctx: IntakeContext): Promise<IntakeResult> {
  const { client, taskQueue, config, metrics } = ctx;
  const work = client.withDeadline(Date.now() + ctx.timeoutMs, () =>
    mapPool(alerts, INTAKE_CONCURRENCY, async (alert) => {
      const result = await openOrJoin(client, { taskQueue, config, alert });
      // A server too old to say whether it started a run: counted as joined (docs/alerts.md).
      if (result.started === true) metrics.opened.inc();
      else metrics.joined.inc();
      metrics.accepted.inc();
      return result;
    }),
  );
  // The deadline stops new attempts, but the client's retry backoff may sleep past it: the
  // answer does not wait for that. A call still in flight then may land after the 503, and
  // the sender's retry joins the same incident again (at least once, never lost).
  const settled = work.then(
    () => undefined,
    () => undefined,
  );
  ctx.lingering.add(settled);
  void settled.then(() => ctx.lingering.delete(settled));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`no answer from Temporal within ${ctx.timeoutMs} ms`), { code: 4 })), ctx.timeoutMs);
  });
  try {
    const results = await Promise.race([work, timeout]);
    const opened = new Set(results.filter((r) => r.started === true).map((r) => r.workflowId));
    return { ok: true, accepted: results.length, incidents: [...new Set(results.map((r) => r.workflowId))], opened: [...opened] };
  } catch (err) {
    return temporalFailure(err);
  } finally {
    clearTimeout(timer);
  }
}

/** gRPC codes that mean "not now": the server is down, overloaded or too slow. */
const UNAVAILABLE_CODES = new Set([1, 4, 8, 14]); // CANCELLED, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, UNAVAILABLE

function temporalFailure(err: unknown): IntakeResult & { ok: false } {
  const code = grpcCode(err);
  const detail = causeChain(err).join(': ');
  if (code !== undefined && UNAVAILABLE_CODES.has(code)) {
    return { ok: false, reason: 'temporal-unavailable', message: `Temporal server unavailable, alerts not recorded; retry later (${detail})` };
  }
  return { ok: false, reason: 'temporal-error', message: `Temporal server refused the alerts; retry once fixed (${detail})` };
}

function grpcCode(err: unknown): number | undefined {
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'number') return code;
  }
  return undefined;
}

function causeChain(err: unknown): string[] {
  const messages: string[] = [];
  for (let e: unknown = err; e !== undefined && messages.length < 4; e = e instanceof Error ? e.cause : undefined) {
    const message = e instanceof Error ? e.message : String(e);
    if (!messages.includes(message)) messages.push(message);
  }
  return messages;
}
