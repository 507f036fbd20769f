import { describe, expect, it } from 'vitest';
import { diffPlan } from '../../capacity/diff.js';
import { makePlan, replicasNeeded, type PlanSettings } from '../../capacity/plan.js';
import { serviceSettingsSchema } from '../../capacity/settings.js';

const H = 3_600_000;
const base: PlanSettings = { capacityPerReplica: 100, targetUtilisation: 1, headroom: 0, min: 1, max: 10, scaleDownStep: 10, scaleDownWindow: 1, leadHours: 0 };
const replicas = (p90: number[], current: number, s: Partial<PlanSettings> = {}) => makePlan(p90, 0, current, { ...base, ...s }).hours.map((h) => h.replicas);

describe('replicasNeeded', () => {
  it.each([
    // p90, per replica, utilisation, headroom → replicas needed (fractional)
    [100, 100, 1, 0, 1],
    [100, 100, 0.5, 0, 2],
    [100, 100, 1, 0.1, 1.1],
    [70, 100, 0.7, 0, 1],
    [-5, 100, 1, 0, 0],
  ])('p90 %d, %d per replica at %d utilisation, headroom %d → %d', (p90, per, util, headroom, want) => {
    expect(replicasNeeded(p90, { capacityPerReplica: per, targetUtilisation: util, headroom })).toBeCloseTo(want, 12);
  });
});

describe('makePlan', () => {
  it.each([
    ['rounds up', [150, 201, 300], 1, {}, [2, 3, 3]],
    ['an exact fit is not rounded up by float noise', [70 * 3], 1, { targetUtilisation: 0.7 }, [3]],
    ['headroom adds its fraction before rounding', [100, 200], 1, { headroom: 0.1 }, [2, 3]],
    ['bounded below by min', [0, 10, 0], 5, { min: 2, scaleDownStep: 10 }, [2, 2, 2]],
    ['bounded above by max', [5000, 5000], 1, { max: 4 }, [4, 4]],
    ['scales up at once', [900], 1, {}, [9]],
    ['scales down one step per hour', [100, 100, 100, 100], 5, { scaleDownStep: 1 }, [4, 3, 2, 1]],
    ['scales down two steps per hour', [100, 100, 100], 6, { scaleDownStep: 2 }, [4, 2, 1]],
    ['does not scale down into a dip the window still needs', [500, 100, 100, 500], 5, { scaleDownWindow: 3 }, [5, 5, 5, 5]],
    ['scales down once the window is clear', [500, 100, 100, 100, 100], 5, { scaleDownWindow: 2 }, [5, 1, 1, 1, 1]],
    ['lead hours hold capacity ahead of the peak', [100, 100, 400, 100], 1, { leadHours: 1 }, [1, 4, 4, 1]],
    ['current above max is brought down to max', [100], 20, { max: 10, scaleDownStep: 1 }, [9]],
  ] as const)('%s', (_name, p90, current, settings, want) => {
    expect(replicas([...p90], current, settings)).toEqual(want);
  });

  it('hours are hourly from the start and keep the forecast and need', () => {
    const plan = makePlan([100, 250], 10 * H, 1, base);
    expect(plan.hours.map((h) => h.t)).toEqual([10 * H, 11 * H]);
    expect(plan.hours.map((h) => h.p90)).toEqual([100, 250]);
    expect(plan.hours[1]!.need).toBeCloseTo(2.5, 12);
    expect(plan.peak).toEqual({ replicas: 3, t: 11 * H });
    expect(plan.current).toBe(1);
  });

  it('counts the hours cut to max', () => {
    expect(makePlan([5000, 100, 5000], 0, 1, { ...base, max: 4 }).cappedHours).toBe(2);
  });

  it('refuses an empty or non-finite forecast and min above max', () => {
    expect(() => makePlan([], 0, 1, base)).toThrow(/empty/);
    expect(() => makePlan([1, Number.NaN], 0, 1, base)).toThrow(/hour 2 is NaN/);
    expect(() => makePlan([1], 0, 1, { ...base, min: 5, max: 2 })).toThrow(/min \(5\) is above max \(2\)/);
  });
});

describe('diffPlan', () => {
  const approval = { replicas: 2, fraction: 0.25, timeout: '4h' };
  const plan = (first: number[], current: number) => makePlan(first.map((r) => r * 100), 0, current, { ...base, max: 100 });

  it.each([
    ['no change', [4, 4], 4, false, 0],
    ['+1 from 4 is under both thresholds (2 replicas, 25 % of 4 = 1 → min 1)', [5], 4, true, 1],
    ['+1 from 10 is under both (2 replicas; 25 % = 3)', [11], 10, false, 1],
    ['+2 from 10 reaches the replica threshold', [12], 10, true, 2],
    ['-3 from 10 (one step per hour is not the limit here)', [7], 10, true, -3],
  ] as const)('%s', (_name, hours, current, needs, change) => {
    const d = diffPlan(plan([...hours], current), approval);
    expect(d.needsApproval).toBe(needs);
    expect(d.change).toBe(change);
  });

  it('reports the largest change over the plan and says why', () => {
    const d = diffPlan(plan([4, 9, 4], 4), approval);
    expect(d.largest).toBe(5);
    expect(d.needsApproval).toBe(false);
    expect(d.reason).toBe('no change now (4 replicas)');
    expect(diffPlan(plan([8], 4), approval).reason).toBe('4 → 8 replicas (+4) needs approval (threshold 1)');
  });
});

describe('serviceSettingsSchema', () => {
  it('fills defaults and names a bad field', () => {
    const s = serviceSettingsSchema.parse({ metric: 'm', capacityPerReplica: 10, scaler: { kind: 'webhook', url: 'http://127.0.0.1:1/x' } });
    expect(s).toMatchObject({ targetUtilisation: 0.7, headroom: 0.1, min: 1, max: 100, every: '1h', approval: { replicas: 2, fraction: 0.25, timeout: '4h' } });
    const bad = serviceSettingsSchema.safeParse({ metric: 'm', capacityPerReplica: -1, scaler: { kind: 'ftp' } });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join('.'))).toEqual(expect.arrayContaining(['capacityPerReplica', 'scaler.kind']));
  });
});
