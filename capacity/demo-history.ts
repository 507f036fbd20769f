/**
 * The demo service's load history, for `npm start` and `swaybot capacity plan demo-service` on
 * embedded defaults: hourly requests per second with a daily cycle, quieter weekends, slow growth
 * and seeded noise. The cycle is phased from the last hour, so the demo always starts in a quiet
 * spell with the busy hours ahead: the plan scales the drill pool down now and back up for the
 * peak, and the demo shows a plan waiting for approval whatever the time of day.
 */
export const DEMO_METRIC = 'demo.requests';
export const DEMO_SERVICE = 'demo-service';

export function demoHistory(endHour: number, hours = 7 * 24, seed = 0x5eed): { timestamps: number[]; values: number[] } {
  let s = seed >>> 0;
  const noise = (): number => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32 - 0.5) * 2;
  const timestamps: number[] = [];
  const values: number[] = [];
  for (let i = hours; i >= 1; i--) {
    const t = endHour - i * 3_600_000;
    // Hours into the daily cycle, counted from the end: 0–5 quiet, busiest 12 h after.
    const phase = (((hours - i + 1) % 24) + 24) % 24;
    const weekend = new Date(t).getUTCDay() === 0 || new Date(t).getUTCDay() === 6;
    const daily = Math.max(0, Math.sin(((phase - 6) / 24) * 2 * Math.PI)) ** 1.5;
    const growth = 1 + 0.12 * ((hours - i) / hours);
    const level = (32 + 60 * daily * (weekend ? 0.8 : 1)) * growth;
    timestamps.push(t);
    values.push(Math.round(level * (1 + 0.06 * noise()) * 10) / 10);
  }
  return { timestamps, values };
}
