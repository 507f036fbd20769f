/**
 * The capacity domain's contracts: where history comes from, how a plan is applied. Domain code:
 * no Temporal import. The workflow (workflows/capacity.ts) reaches these through activities.
 */

/** Equally spaced history of one service's load, oldest first. */
export interface History {
  /** Epoch ms of each point. */
  timestamps: number[];
  values: number[];
  /** Step between points, ms (3,600,000 for hourly). */
  stepMs: number;
  /** Where it came from, for the plan's record (`store:requests_total{service=api}`, `prometheus:…`). */
  source: string;
  /** Steps that had no data and were filled by interpolation (history/regular.ts). */
  filled?: number;
}

export interface HistoryQuery {
  /** Metric name in the store, or a PromQL expression for Prometheus. */
  metric: string;
  /** Label filters (store tags / PromQL matchers when `metric` is a bare name). */
  labels?: Record<string, string>;
  from: number;
  to: number;
  stepMs: number;
}

export interface HistorySource {
  readonly kind: 'store' | 'prometheus';
  range(query: HistoryQuery): Promise<History>;
}

/** What a scaler reports runs now. */
export interface CurrentCapacity {
  replicas: number;
  /** Scaler-specific detail (e.g. the hosts powered on in a hardware pool). */
  detail?: Record<string, unknown>;
}

export interface ApplyResult {
  /** Replicas before and after. */
  from: number;
  to: number;
  /** Human-readable lines of what changed (one per host for the hardware pool). */
  changes: string[];
}

/**
 * Applies the first hour of a plan (or any replica count) to what runs the service. Three
 * implementations: Kubernetes (the Deployment `scale` subresource), a generic webhook, and a
 * hardware pool (servers powered on/off through the hardware actions).
 */
export interface Scaler {
  readonly kind: 'kubernetes' | 'webhook' | 'hardware-pool';
  current(service: string): Promise<CurrentCapacity>;
  apply(service: string, replicas: number, context: ApplyContext): Promise<ApplyResult>;
}

export interface ApplyContext {
  /** Plan id (workflow id + hour), sent to webhooks as an idempotency key. */
  planId: string;
  approvedBy?: string;
  modelVersion: string;
}
