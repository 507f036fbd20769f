/** Calendar features on timestamps whose weekday and hour are known (UTC). */
import { describe, expect, it } from 'vitest';
import { calendarFeatures, calendarMatrix, dayOfWeek, hourOfDay, hourOfWeek, isWeekend } from '../../../ml/forecast/exogenous/calendar.js';

const at = (iso: string): number => Date.parse(iso);

describe('calendar features', () => {
  it('reads weekday, hour and weekend in UTC', () => {
    expect(dayOfWeek(at('2015-03-02T13:00:00Z'))).toBe(0); // a Monday
    expect(dayOfWeek(at('2024-01-06T00:00:00Z'))).toBe(5); // a Saturday
    expect(dayOfWeek(at('2014-07-06T23:59:59Z'))).toBe(6); // a Sunday
    expect(dayOfWeek(at('1969-12-31T23:00:00Z'))).toBe(2); // a Wednesday, before the epoch
    expect(hourOfDay(at('1969-12-31T23:00:00Z'))).toBe(23);
    expect(hourOfDay(at('2015-03-02T13:30:00Z'))).toBe(13.5);
    expect(hourOfWeek(at('2015-03-03T01:00:00Z'))).toBe(25);
    expect(isWeekend(at('2024-01-06T00:00:00Z'))).toBe(true);
    expect(isWeekend(at('2024-01-05T23:00:00Z'))).toBe(false);
    // 2024-01-07 23:30 in New York is already Monday in UTC: features are UTC.
    expect(isWeekend(at('2024-01-07T23:30:00-05:00'))).toBe(false);
  });

  it('builds one-hot weekday, Fourier hour and weekend columns', () => {
    const { names, rows } = calendarMatrix([at('2024-01-06T06:00:00Z'), at('2024-01-08T12:00:00Z')], { fourierOrder: 2 });
    expect(names).toEqual([
      'hour:sin1', 'hour:cos1', 'hour:sin2', 'hour:cos2',
      'dow=Mon', 'dow=Tue', 'dow=Wed', 'dow=Thu', 'dow=Fri', 'dow=Sat', 'dow=Sun',
      'weekend',
      'weekend×hour:sin1', 'weekend×hour:cos1', 'weekend×hour:sin2', 'weekend×hour:cos2',
    ]);
    const [sat6, mon12] = rows as [number[], number[]];
    const col = (r: number[], n: string): number => r[names.indexOf(n)]!;
    expect(col(sat6, 'hour:sin1')).toBeCloseTo(1, 12); // 06:00 is a quarter day
    expect(col(sat6, 'hour:cos1')).toBeCloseTo(0, 12);
    expect(col(sat6, 'hour:cos2')).toBeCloseTo(-1, 12);
    expect(col(sat6, 'dow=Sat')).toBe(1);
    expect(names.filter((n) => n.startsWith('dow=')).map((n) => col(sat6, n))).toEqual([0, 0, 0, 0, 0, 1, 0]);
    expect(col(sat6, 'weekend')).toBe(1);
    expect(col(sat6, 'weekend×hour:sin1')).toBeCloseTo(1, 12);
    expect(col(mon12, 'dow=Mon')).toBe(1);
    expect(col(mon12, 'hour:cos1')).toBeCloseTo(-1, 12);
    expect(col(mon12, 'weekend')).toBe(0);
    expect(col(mon12, 'weekend×hour:cos1')).toBe(-0);
  });

  it('offers one-hot hours and weekly Fourier terms', () => {
    const f = calendarFeatures({ hourOfDay: 'onehot', dayOfWeek: 'fourier', weekend: false, weekendHours: false, fourierOrder: 1 });
    expect(f.map((x) => x.name)).toEqual([...Array.from({ length: 24 }, (_, h) => `hour=${h}`), 'week:sin1', 'week:cos1']);
    const t = at('2015-03-04T05:00:00Z'); // Wednesday 05:00 = hour 53 of the week
    expect(f.map((x) => x.at(t)).slice(0, 24).indexOf(1)).toBe(5);
    expect(f[24]!.at(t)).toBeCloseTo(Math.sin((2 * Math.PI * 53) / 168), 12);
    expect(() => calendarFeatures({ fourierOrder: 0 })).toThrow(/fourierOrder/);
  });
});
