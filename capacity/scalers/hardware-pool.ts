/**
 * The hardware pool: a service's replicas are servers of the inventory, powered on ahead of a
 * forecast peak and off after it. This is the pure part, which hosts change: hosts are taken in
 * the configured order for powering on and in reverse for powering off, so the same spares come
 * and go. The workflow applies it through the `hardware.power` action under each host's lock.
 */
export type PoolPower = 'on' | 'off' | 'powering-on' | 'powering-off';

export interface PoolChange {
  powerOn: string[];
  powerOff: string[];
  /** Hosts counted as running now (on or powering on). */
  running: number;
  /** The target, cut to the pool's size. */
  target: number;
}

/** Counts `on` and `powering-on` hosts as replicas (they will serve the load the plan is for). */
export function poolRunning(power: ReadonlyMap<string, PoolPower>): number {
  let n = 0;
  for (const p of power.values()) if (p === 'on' || p === 'powering-on') n++;
  return n;
}

export function poolChanges(hosts: readonly string[], power: ReadonlyMap<string, PoolPower>, replicas: number): PoolChange {
  const missing = hosts.filter((h) => !power.has(h));
  if (missing.length > 0) throw new RangeError(`hardware pool: no power reading for ${missing.join(', ')}`);
  const isUp = (h: string) => power.get(h) === 'on' || power.get(h) === 'powering-on';
  const target = Math.max(0, Math.min(replicas, hosts.length));
  const running = hosts.filter(isUp).length;
  const powerOn: string[] = [];
  const powerOff: string[] = [];
  if (target > running) {
    for (const h of hosts) if (!isUp(h) && powerOn.length < target - running) powerOn.push(h);
  } else if (target < running) {
    for (const h of [...hosts].reverse()) if (isUp(h) && powerOff.length < running - target) powerOff.push(h);
  }
  return { powerOn, powerOff, running, target };
}
