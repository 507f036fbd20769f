/** What a capacity run shows while it runs and returns when it ends (the workflow's status query and result). */
import type { ServiceForecast } from './forecaster.js';
import type { PlanDiff } from './diff.js';
import type { CapacityPlan } from './plan.js';

export type CapacityState = 'forecasting' | 'awaiting-approval' | 'applying' | 'applied' | 'unchanged' | 'rejected' | 'expired' | 'failed';

export interface CapacityDecision {
  decision: 'approve' | 'reject';
  by: string;
  reason?: string;
}

export interface CapacityStatus {
  service: string;
  state: CapacityState;
  /** Where the history came from and how many hours of it. */
  history?: { source: string; hours: number; filled: number };
  forecast?: Omit<ServiceForecast, 'point'>;
  plan?: CapacityPlan;
  diff?: PlanDiff;
  /** PNG of history, forecast band and plan, on the worker that drew it. */
  chart?: string;
  /** Approver groups who may decide. */
  approvers?: string[];
  decision?: CapacityDecision & { at: string };
  applied?: { from: number; to: number; changes: string[] };
  error?: string;
}

