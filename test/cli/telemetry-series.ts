/** Synthetic `timestamp,value` series and CSV files for the `swaybot telemetry` tests. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export const T0 = Date.UTC(2024, 0, 1);
export const STEP_MS = 60_000;
export const SPIKE_AT = 300;

/** `n` points a minute apart of a noisy wave (48-point period), `spike` added at row `SPIKE_AT`. */
export function series(n: number, spike = 0, seed = 7): { t: number; value: number }[] {
  const noise = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32 - 0.5);
  return Array.from({ length: n }, (_, i) => ({ t: T0 + i * STEP_MS, value: 50 + 10 * Math.sin((2 * Math.PI * i) / 48) + noise() + (i === SPIKE_AT ? spike : 0) }));
}

export const nabStamp = (t: number) => new Date(t).toISOString().slice(0, 19).replace('T', ' ');

export function writeCsv(path: string, rows: { t: number; value: number }[], stamp: (t: number) => string = nabStamp): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `timestamp,value\n${rows.map((r) => `${stamp(r.t)},${r.value}`).join('\n')}\n`);
}
