/**
 * What a plan changes now, and whether a person must approve it: the first hour's replicas (what a
 * run applies; the schedule re-plans every hour) against what runs. Approval is needed when that
 * moves by at least `approval.replicas` replicas or `approval.fraction` of what runs. The largest
 * change over the whole plan is reported too, so people see what is coming.
 */
import type { CapacityPlan } from './plan.js';
import type { ServiceSettings } from './settings.js';

export interface PlanDiff {
  current: number;
  /** Replicas the plan sets now (its first hour). */
  next: number;
  /** next − current. */
  change: number;
  /** The plan's largest distance from what runs, over every hour (signed). */
  largest: number;
  needsApproval: boolean;
  /** Why approval is (not) needed, in words for the message and the CLI. */
  reason: string;
}

export function diffPlan(plan: CapacityPlan, approval: ServiceSettings['approval']): PlanDiff {
  const current = plan.current;
  const next = plan.hours[0]!.replicas;
  let largest = 0;
  for (const h of plan.hours) if (Math.abs(h.replicas - current) > Math.abs(largest)) largest = h.replicas - current;
  const limit = Math.max(1, Math.min(approval.replicas, Math.ceil(approval.fraction * Math.max(current, 1))));
  const change = next - current;
  const needsApproval = change !== 0 && Math.abs(change) >= limit;
  const reason = needsApproval
    ? `${current} → ${next} replicas (${fmt(change)}) needs approval (threshold ${limit})`
    : change === 0
      ? `no change now (${current} replicas)`
      : `${current} → ${next} replicas (${fmt(change)}) is under the approval threshold (${limit})`;
  return { current, next, change, largest, needsApproval, reason };
}

function fmt(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}
