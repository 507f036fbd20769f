/**
 * The generic webhook scaler: for systems swaybot has no client for. `apply` POSTs the change as
 * JSON (`{service, replicas, planId, approvedBy, modelVersion}`) with the plan id as
 * `idempotency-key`, signed with HMAC-SHA256 over `<timestamp>.<body>` when a secret is set
 * (`x-swaybot-timestamp`, `x-swaybot-signature: v1=<hex>`); `current` GETs `?service=<name>` and
 * expects `{replicas}`. Protocol in docs/capacity.md.
 */
import { createHmac } from 'node:crypto';
import { ScalerError } from '../errors.js';
import type { ApplyContext, ApplyResult, CurrentCapacity, Scaler } from '../types.js';

export interface WebhookScalerOptions {
  url: string;
  /** The signing secret's value (read from the environment by the caller; never logged). */
  secret?: string;
  timeoutMs?: number;
  /** Clock for the signature timestamp (tests). */
  now?: () => number;
}

/** The signature header value for a body sent at `timestamp` (seconds): receivers recompute it. */
export function webhookSignature(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export class WebhookScaler implements Scaler {
  readonly kind = 'webhook' as const;
  readonly #url: URL;
  constructor(private readonly options: WebhookScalerOptions) {
    this.#url = new URL(options.url);
  }

  async current(service: string): Promise<CurrentCapacity> {
    const url = new URL(this.#url);
    url.searchParams.set('service', service);
    const body = await this.#send(url, { method: 'GET' }, `GET ${this.#where()}`);
    const replicas = replicasOf(body);
    if (replicas === undefined) throw new ScalerError(`GET ${this.#where()}?service=${service}: expected JSON {"replicas": <whole number>}, got ${preview(body)}`, false);
    return { replicas };
  }

  async apply(service: string, replicas: number, context: ApplyContext): Promise<ApplyResult> {
    const before = await this.current(service);
    const payload = JSON.stringify({ service, replicas, planId: context.planId, approvedBy: context.approvedBy ?? null, modelVersion: context.modelVersion });
    const headers: Record<string, string> = { 'content-type': 'application/json', 'idempotency-key': context.planId };
    if (this.options.secret) {
      const timestamp = Math.floor((this.options.now?.() ?? Date.now()) / 1000);
      headers['x-swaybot-timestamp'] = String(timestamp);
      headers['x-swaybot-signature'] = webhookSignature(this.options.secret, timestamp, payload);
    }
    await this.#send(this.#url, { method: 'POST', headers, body: payload }, `POST ${this.#where()}`);
    return { from: before.replicas, to: replicas, changes: [`webhook ${this.#where()}: ${service} ${before.replicas} → ${replicas} replicas`] };
  }

  /** Origin and path only: a query string may carry a token. */
  #where(): string {
    return `${this.#url.origin}${this.#url.pathname}`;
  }

  async #send(url: URL, init: RequestInit, what: string): Promise<string> {
    let response: Response;
    try {
      response = await fetch(url, { ...init, signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000) });
    } catch (err) {
      const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : err instanceof Error ? err.message : String(err);
      throw new ScalerError(`${what} failed: ${cause}`, true);
    }
    const text = await response.text();
    if (!response.ok) {
      throw new ScalerError(`${what} answered ${response.status} ${response.statusText}: ${preview(text)}`, response.status >= 500 || response.status === 429);
    }
    return text;
  }
}

function replicasOf(text: string): number | undefined {
  try {
    const json: unknown = JSON.parse(text);
    const r = (json as { replicas?: unknown } | null)?.replicas;
    return typeof r === 'number' && Number.isInteger(r) && r >= 0 ? r : undefined;
  } catch {
    return undefined;
  }
}

function preview(text: string): string {
  const t = text.trim();
  return t.length === 0 ? '(empty body)' : t.length > 200 ? `${t.slice(0, 200)}…` : t;
}
