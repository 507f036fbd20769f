/**
 * The residual model: on a series with a weekend effect that daily seasonal naive cannot see,
 * the calendar correction must beat its base over rolling origins (a test that fails if the
 * correction does not work); a lagged observed input that drives the target helps; inputs are
 * never read at or after the forecast origin; and the candidate joins selectAndForecast.
 */
import { describe, expect, it } from 'vitest';
import { localCandidate, selectAndForecast, type Candidate } from '../../../ml/forecast/backtest.js';
import { calendarFeatures, HOUR_MS, isWeekend } from '../../../ml/forecast/exogenous/calendar.js';
import { exogenousCandidate, observedFeature, observedLag } from '../../../ml/forecast/exogenous/residual-model.js';
import { seasonalNaive } from '../../../ml/forecast/naive.js';

const M = 24;
const H = 48;
const START = Date.parse('2024-01-01T00:00:00Z'); // a Monday
const N = 8 * 7 * 24;
const timestamps = Array.from({ length: N }, (_, i) => START + i * HOUR_MS);

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const snaive = localCandidate(seasonalNaive, M);

/** Mean absolute error over `origins` cut points a day apart, the last one H before the end. */
async function backtestMae(values: readonly number[], candidate: Candidate, origins = 14): Promise<number> {
  let sum = 0;
  let count = 0;
  for (let k = 0; k < origins; k++) {
    const cut = values.length - H - k * M;
    const f = await candidate.forecast(values.slice(0, cut), H);
    for (let h = 0; h < H; h++) {
      sum += Math.abs(values[cut + h]! - f.point[h]!);
      count++;
    }
  }
  return sum / count;
}

describe('exogenous residual model', () => {
  const r = rng(11);
  const weekendLoad = timestamps.map((t, i) => (100 + 30 * Math.sin((2 * Math.PI * i) / M)) * (isWeekend(t) ? 0.5 : 1) + 3 * (r() - 0.5));

  it('beats daily seasonal naive on a series with a weekend effect, using the calendar', async () => {
    const exo = exogenousCandidate(snaive, calendarFeatures(), timestamps);
    const base = await backtestMae(weekendLoad, snaive);
    const corrected = await backtestMae(weekendLoad, exo);
    expect(base).toBeGreaterThan(15);
    expect(corrected).toBeLessThan(0.5 * base);
  });

  it('corrects with the lagged value of an observed input that drives the target', async () => {
    const rr = rng(5);
    const x = Array.from({ length: N }, () => (rr() < 0.2 ? 1 : 0)); // campaign hours
    const lag = observedLag(H, M);
    expect(lag).toBe(48);
    const driven = timestamps.map((_, i) => 100 + 20 * (i >= lag ? x[i - lag]! : 0) + (rr() - 0.5));
    // The base forecasts the history's mean: its errors are the campaign effect plus noise.
    const mean: Candidate = {
      name: 'mean',
      forecast: (v, h) => {
        const m = v.reduce((s, y) => s + y, 0) / v.length;
        const point = new Array<number>(h).fill(m);
        return { model: 'mean', point, p50: point, p90: point.map((p) => p + 1) };
      },
    };
    const exo = exogenousCandidate(mean, [observedFeature('campaign', x)], timestamps);
    const base = await backtestMae(driven, mean);
    const corrected = await backtestMae(driven, exo);
    expect(base).toBeGreaterThan(5);
    expect(corrected).toBeLessThan(0.2 * base);
  });

  it('never reads an observed input at or after the origin', async () => {
    const x = timestamps.map((_, i) => Math.sin(i / 7));
    const poisoned = x.map((v, i) => (i >= N - H ? 1e12 : v));
    let fits = 0;
    const options = { onFit: () => void fits++ };
    const history = weekendLoad.slice(0, N - H);
    const a = await exogenousCandidate(snaive, [observedFeature('x', x)], timestamps, options).forecast(history, H);
    const b = await exogenousCandidate(snaive, [observedFeature('x', poisoned)], timestamps, options).forecast(history, H);
    expect(fits).toBe(2);
    expect(b.point).toEqual(a.point);
  });

  it('applies no correction when the inputs explain nothing (blocked CV picks none or the intercept)', async () => {
    const rr = rng(3);
    const noise = timestamps.map(() => 50 + 10 * rr());
    const x = timestamps.map(() => rr());
    const choices: string[] = [];
    const exo = exogenousCandidate(snaive, [observedFeature('x', x)], timestamps, { onFit: (f) => void choices.push(f.choice) });
    for (let k = 0; k < 5; k++) await exo.forecast(noise.slice(0, N - H - k * M), H);
    expect(choices.every((c) => c === 'none' || c === 'intercept')).toBe(true);
    const f = await exo.forecast(noise.slice(0, N - H), H);
    if (choices[choices.length - 1] === 'none') expect(f.point).toEqual(seasonalNaive.forecast({ values: noise.slice(0, N - H), horizon: H, season: M }).point);
  });

  it('returns the base forecast, renamed, when the history is too short to learn from', async () => {
    const short = weekendLoad.slice(0, 3 * M + H);
    const f = await exogenousCandidate(snaive, calendarFeatures(), timestamps, { name: 'snaive+cal' }).forecast(short, H);
    expect(f.model).toBe('snaive+cal');
    expect(f.point).toEqual(seasonalNaive.forecast({ values: short, horizon: H, season: M }).point);
  });

  it('joins selectAndForecast and is chosen where it is better, with p50 ≤ p90', async () => {
    const exo = exogenousCandidate(snaive, calendarFeatures(), timestamps, { name: 'snaive+calendar' });
    const s = await selectAndForecast(weekendLoad.slice(0, N - H), H, M, [snaive, exo], { top: 1, origins: 7, step: M }); // a week of origins
    expect(s.chosen).toEqual(['snaive+calendar']);
    expect(s.errors['snaive+calendar']!.mase).toBeLessThan(s.errors['snaive']!.mase);
    s.forecast.p50.forEach((q, h) => expect(q).toBeLessThanOrEqual(s.forecast.p90[h]!));
  });

  it('rejects a grid that is not equally spaced or shorter than the history', async () => {
    expect(() => exogenousCandidate(snaive, [], [0, 1, 3])).toThrow(/equally spaced/);
    await expect(exogenousCandidate(snaive, [], timestamps.slice(0, 10)).forecast(weekendLoad, H)).rejects.toThrow(/timestamps/);
  });
});
