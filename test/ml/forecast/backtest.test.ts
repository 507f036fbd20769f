/**
 * Per-series selection by rolling-origin backtest: the cut points, picking the exact model,
 * combining (median / weighted) with its `combo(…)` name, async candidates, and forecasts
 * precomputed elsewhere (how a batch-trained global model joins).
 */
import { describe, expect, it } from 'vitest';
import { backtestCuts, combineForecasts, localCandidates, selectAndForecast, type Candidate } from '../../../ml/forecast/backtest.js';
import { naive2, seasonalNaive } from '../../../ml/forecast/naive.js';
import { ses, holt } from '../../../ml/forecast/smoothing.js';
import type { Forecast } from '../../../ml/forecast/types.js';

const M = 24;
const H = 48;
const day = (t: number): number => 10 + 5 * Math.sin((2 * Math.PI * t) / M) + (t % M === 3 ? 4 : 0);
const values = Array.from({ length: 480 }, (_, t) => day(t));
const flat = (model: string, x: number, n = H): Forecast => ({ model, point: new Array<number>(n).fill(x), p50: new Array<number>(n).fill(x), p90: new Array<number>(n).fill(x + 1) });

describe('backtest cuts', () => {
  it('are `origins` history lengths `step` apart, the last one horizon before the end', () => {
    expect(backtestCuts(1000, 48, 3, 48, 49)).toEqual([856, 904, 952]);
    expect(backtestCuts(1000, 48, 2, 24, 49)).toEqual([928, 952]);
    expect(backtestCuts(150, 48, 3, 48, 49)).toEqual([54, 102]); // 6 would leave too little history
  });
});

describe('selectAndForecast', () => {
  it('picks seasonal naive on a pure daily cycle, with zero backtest error', async () => {
    const last: Candidate = { name: 'last', forecast: (v, h) => flat('last', v[v.length - 1]!, h) };
    const s = await selectAndForecast(values, H, M, [last, ...localCandidates([seasonalNaive, ses], M)], { top: 1 });
    expect(s.chosen).toEqual(['snaive']);
    expect(s.forecast.model).toBe('snaive');
    expect(s.errors['snaive']!.smape).toBeCloseTo(0, 10);
    expect(s.errors['last']!.smape).toBeGreaterThan(1);
    s.forecast.point.forEach((p, h) => expect(p).toBeCloseTo(day(480 + h), 10));
    expect(Object.keys(s.forecasts).sort()).toEqual(['last', 'ses', 'snaive']);
  });

  it('scores against Naive2 when it is a candidate', async () => {
    const noisy = values.map((x, t) => x + ((t * 7919) % 13) / 10);
    const s = await selectAndForecast(noisy, H, M, localCandidates([naive2, ses, seasonalNaive, holt], M));
    expect(s.errors['naive2']!.score).toBeCloseTo(1, 12);
    const e = s.errors['snaive']!;
    expect(e.score).toBeCloseTo(0.5 * (e.smape / s.errors['naive2']!.smape + e.mase / s.errors['naive2']!.mase), 12);
    expect(s.chosen).toHaveLength(3);
  });

  it('combines the top models and names the combination', async () => {
    const s = await selectAndForecast(values, H, M, [{ name: 'last', forecast: (v, h) => flat('last', v[v.length - 1]!, h) }, ...localCandidates([seasonalNaive], M)], { top: 2 });
    expect(s.chosen).toEqual(['snaive', 'last']);
    expect(s.forecast.model).toBe('combo(snaive,last)');
    const a = s.forecasts['snaive']!.point;
    const b = s.forecasts['last']!.point;
    s.forecast.point.forEach((p, h) => expect(p).toBeCloseTo((a[h]! + b[h]!) / 2, 10)); // median of two = mean
    s.forecast.p50.forEach((q, h) => expect(q).toBeLessThanOrEqual(s.forecast.p90[h]!));
  });

  it('accepts async candidates and precomputed forecasts from a batch model', async () => {
    const cuts = backtestCuts(values.length, H, 3, H, 2 * M + 1);
    const truth = (cut: number): Forecast => ({ ...flat('global', 0), point: values.slice(cut, cut + H), p50: values.slice(cut, cut + H), p90: values.slice(cut, cut + H).map((x) => x + 1) });
    const final = flat('global', 42);
    let calls = 0;
    const slow: Candidate = { name: 'slow', forecast: async (v, h) => (calls++, flat('slow', v[v.length - 1]!, h)) };
    const s = await selectAndForecast(values, H, M, [slow, ...localCandidates([ses], M)], {
      top: 1,
      precomputed: { global: { origins: cuts.map(truth), final } },
    });
    expect(calls).toBe(4); // 3 origins + the final forecast
    expect(s.chosen).toEqual(['global']);
    expect(s.forecast.point).toEqual(final.point);
    expect(s.errors['global']!.smape).toBe(0);
  });
});

describe('combineForecasts', () => {
  it('takes the step-wise median or the weighted mean of every quantile', () => {
    const fs = [flat('a', 1, 2), flat('b', 2, 2), flat('c', 6, 2)];
    const med = combineForecasts('m', fs, 'median');
    expect(med.point).toEqual([2, 2]);
    expect(med.p90).toEqual([3, 3]);
    // weights 1, 1, 2: (1 + 2 + 12) / 4 = 3.75
    const w = combineForecasts('w', fs, 'weighted', [1, 1, 2]);
    expect(w.point).toEqual([3.75, 3.75]);
    expect(w.p90).toEqual([4.75, 4.75]);
  });
});
