/**
 * The planner: a p90 load forecast per hour → replicas per hour. Each hour needs
 * `p90 × (1 + headroom) / (capacityPerReplica × targetUtilisation)` replicas, rounded up, held
 * `leadHours` ahead of the load, kept within [min, max]. Scaling up is immediate; scaling down
 * goes only to what the next `scaleDownWindow` hours still need and by at most `scaleDownStep` per
 * hour, so a dip between two peaks does not shed capacity that is needed again soon.
 * Pure and deterministic: the capacity workflow runs it in workflow code.
 */
import type { ServiceSettings } from './settings.js';

export type PlanSettings = Pick<
  ServiceSettings,
  'capacityPerReplica' | 'targetUtilisation' | 'headroom' | 'min' | 'max' | 'scaleDownStep' | 'scaleDownWindow' | 'leadHours'
>;

export interface PlanHour {
  /** Epoch ms of the hour's start. */
  t: number;
  /** The forecast's p90 load for the hour. */
  p90: number;
  /** Replicas the load needs (before bounds and damping), fractional. */
  need: number;
  replicas: number;
}

export interface CapacityPlan {
  hours: PlanHour[];
  /** What runs now (the damping starts from it). */
  current: number;
  /** The most replicas any hour plans, and when. */
  peak: { replicas: number; t: number };
  /** Hours whose need was cut to `max` (the plan cannot carry the forecast there). */
  cappedHours: number;
}

/** Rounding slack: 3.0000000001 replicas is 3, not 4 (float noise in the forecast arithmetic). */
const EPSILON = 1e-9;

/** Replicas an hour needs, before bounds: the load over what one replica may carry. */
export function replicasNeeded(p90: number, settings: Pick<PlanSettings, 'capacityPerReplica' | 'targetUtilisation' | 'headroom'>): number {
  const load = Math.max(0, p90) * (1 + settings.headroom);
  return load / (settings.capacityPerReplica * settings.targetUtilisation);
}

/** Checks what the schema cannot: `min ≤ max`. Throws a RangeError naming both. */
function checkBounds(settings: PlanSettings): void {
  if (settings.min > settings.max) throw new RangeError(`capacity min (${settings.min}) is above max (${settings.max})`);
}

/**
 * The plan for `p90.length` hours starting at `start` (epoch ms, hourly steps) from `current`
 * replicas. Non-finite forecast values are refused (a failed forecast plans nothing).
 */
export function makePlan(p90: readonly number[], start: number, current: number, settings: PlanSettings): CapacityPlan {
  checkBounds(settings);
  if (p90.length === 0) throw new RangeError('capacity plan: the forecast is empty');
  const bad = p90.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new RangeError(`capacity plan: forecast hour ${bad + 1} is ${p90[bad]}, not a number`);
  const need = p90.map((v) => replicasNeeded(v, settings));
  // Held ahead: hour t must already carry what hours t..t+lead need.
  const ahead = need.map((_, t) => Math.max(...need.slice(t, t + settings.leadHours + 1)));
  let capped = 0;
  const bounded = ahead.map((n) => {
    const whole = Math.ceil(n - EPSILON);
    if (whole > settings.max) capped++;
    return Math.min(settings.max, Math.max(settings.min, whole));
  });
  const hours: PlanHour[] = [];
  let previous = Math.min(settings.max, Math.max(settings.min, current));
  for (let t = 0; t < bounded.length; t++) {
    const wanted = bounded[t]!;
    let replicas: number;
    if (wanted >= previous) {
      replicas = wanted;
    } else {
      // Down only to what the window ahead still needs, one step at a time.
      const windowNeed = Math.max(...bounded.slice(t, t + settings.scaleDownWindow));
      replicas = Math.max(windowNeed, previous - settings.scaleDownStep);
      replicas = Math.min(replicas, previous);
    }
    hours.push({ t: start + t * 3_600_000, p90: p90[t]!, need: need[t]!, replicas });
    previous = replicas;
  }
  const peakHour = hours.reduce((best, h) => (h.replicas > best.replicas ? h : best), hours[0]!);
  return { hours, current, peak: { replicas: peakHour.replicas, t: peakHour.t }, cappedHours: capped };
}
