/**
 * Calendar features of hourly timestamps (epoch ms, read in UTC): hour of day and day of week,
 * each as one-hot columns or Fourier terms, a weekend flag (Saturday, Sunday) and the weekend's
 * own daily shape (weekend × hour-of-day Fourier terms). They are functions of the time alone,
 * so they are known for the forecast's future as well as for the history: the residual model
 * (residual-model.ts) uses them at the target hour itself.
 */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
export const WEEK_MS = 7 * DAY_MS;

/** A feature known at every time, past and future (a function of the timestamp). */
export interface KnownFeature {
  readonly kind: 'known';
  readonly name: string;
  at(ms: number): number;
}

export type Encoding = 'onehot' | 'fourier' | 'none';

export interface CalendarOptions {
  /** Hour of day (default `fourier`). */
  hourOfDay?: Encoding;
  /** Day of week (default `onehot`, Monday first; `fourier` uses the hour of the week, period 168 h). */
  dayOfWeek?: Encoding;
  /** Saturday/Sunday flag (default true). */
  weekend?: boolean;
  /** Weekend × hour-of-day Fourier terms: a weekend day's own daily shape (default true). */
  weekendHours?: boolean;
  /** Fourier order: sin/cos pairs k = 1..order (default 3). */
  fourierOrder?: number;
}

export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

const mod = (a: number, b: number): number => ((a % b) + b) % b;

/** Hour of day in [0, 24), fractional (minutes count), UTC. */
export function hourOfDay(ms: number): number {
  return mod(ms, DAY_MS) / HOUR_MS;
}

/** Day of week, 0 = Monday … 6 = Sunday, UTC (1970-01-01 was a Thursday). */
export function dayOfWeek(ms: number): number {
  return mod(Math.floor(ms / DAY_MS) + 3, 7);
}

/** Hour of the week in [0, 168), Monday 00:00 UTC = 0. */
export function hourOfWeek(ms: number): number {
  return dayOfWeek(ms) * 24 + hourOfDay(ms);
}

export function isWeekend(ms: number): boolean {
  return dayOfWeek(ms) >= 5;
}

function fourier(prefix: string, order: number, phase: (ms: number) => number, gate?: (ms: number) => number): KnownFeature[] {
  const out: KnownFeature[] = [];
  const g = gate ?? (() => 1);
  for (let k = 1; k <= order; k++) {
    out.push({ kind: 'known', name: `${prefix}:sin${k}`, at: (ms) => g(ms) * Math.sin(2 * Math.PI * k * phase(ms)) });
    out.push({ kind: 'known', name: `${prefix}:cos${k}`, at: (ms) => g(ms) * Math.cos(2 * Math.PI * k * phase(ms)) });
  }
  return out;
}

/** The calendar columns `options` asks for, in a fixed order. */
export function calendarFeatures(options: CalendarOptions = {}): KnownFeature[] {
  const order = options.fourierOrder ?? 3;
  if (!Number.isInteger(order) || order < 1) throw new Error(`fourierOrder must be a positive integer, got ${order}`);
  const out: KnownFeature[] = [];
  const hod = options.hourOfDay ?? 'fourier';
  if (hod === 'onehot') {
    for (let h = 0; h < 24; h++) out.push({ kind: 'known', name: `hour=${h}`, at: (ms) => (Math.floor(hourOfDay(ms)) === h ? 1 : 0) });
  } else if (hod === 'fourier') {
    out.push(...fourier('hour', Math.min(order, 12), (ms) => hourOfDay(ms) / 24));
  }
  const dow = options.dayOfWeek ?? 'onehot';
  if (dow === 'onehot') {
    WEEKDAYS.forEach((day, d) => out.push({ kind: 'known', name: `dow=${day}`, at: (ms) => (dayOfWeek(ms) === d ? 1 : 0) }));
  } else if (dow === 'fourier') {
    out.push(...fourier('week', order, (ms) => hourOfWeek(ms) / 168));
  }
  if (options.weekend ?? true) out.push({ kind: 'known', name: 'weekend', at: (ms) => (isWeekend(ms) ? 1 : 0) });
  if (options.weekendHours ?? true) out.push(...fourier('weekend×hour', Math.min(order, 12), (ms) => hourOfDay(ms) / 24, (ms) => (isWeekend(ms) ? 1 : 0)));
  return out;
}

/** The calendar columns evaluated at each timestamp: one row per timestamp, columns in `names` order. */
export function calendarMatrix(timestamps: readonly number[], options: CalendarOptions = {}): { names: string[]; rows: number[][] } {
  const features = calendarFeatures(options);
  return { names: features.map((f) => f.name), rows: timestamps.map((t) => features.map((f) => f.at(t))) };
}
