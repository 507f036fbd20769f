/**
 * The statistics under Naive2 and the seasonal models: R's acf on a hand-worked series, M4's
 * 90 % seasonality test on both sides of its limit, and R's classical multiplicative decomposition.
 */
import { describe, expect, it } from 'vitest';
import { acf, deseasonalise, isSeasonal, linearFit, multiplicativeIndices, quantile } from '../../../ml/forecast/stats.js';

describe('acf', () => {
  it('matches a hand computation', () => {
    // [1, 2, 3, 4]: mean 2.5, deviations −1.5 −0.5 0.5 1.5, Σd² = 5.
    // lag 1: 0.75 − 0.25 + 0.75 = 1.25 → 0.25; lag 2: −0.75 − 0.75 = −1.5 → −0.3.
    const r = acf([1, 2, 3, 4], 2);
    expect(r[0]).toBeCloseTo(0.25, 12);
    expect(r[1]).toBeCloseTo(-0.3, 12);
  });
});

describe('M4 seasonality test', () => {
  it('puts the limit at 1.645 · sqrt((1 + 2 Σ_{k<m} r_k²) / n)', () => {
    // [1,3] repeated, m = 2. n = 6: r1 = −5/6, r2 = 4/6 = 0.667, limit = 1.645/√6 · √(1 + 2·25/36) = 1.038 → not seasonal.
    expect(isSeasonal([1, 3, 1, 3, 1, 3], 2)).toBe(false);
    // n = 12: r1 = −11/12, r2 = 10/12 = 0.833, limit = 1.645/√12 · √(1 + 2·121/144) = 0.777 → seasonal.
    expect(isSeasonal([1, 3, 1, 3, 1, 3, 1, 3, 1, 3, 1, 3], 2)).toBe(true);
  });

  it('needs three seasons and a seasonal lag-m correlation', () => {
    const daily = Array.from({ length: 240 }, (_, t) => 100 + 20 * Math.sin((2 * Math.PI * t) / 24));
    expect(isSeasonal(daily, 24)).toBe(true);
    expect(isSeasonal(daily.slice(0, 71), 24)).toBe(false); // < 3 seasons
    let seed = 987654321;
    const noise = Array.from({ length: 240 }, () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 10 + 100);
    expect(isSeasonal(noise, 24)).toBe(false);
  });
});

describe('classical multiplicative decomposition', () => {
  it('recovers the indices of a level × pattern series', () => {
    const pattern = [0.5, 1, 1.5, 1];
    const xs = Array.from({ length: 20 }, (_, t) => 100 * pattern[t % 4]!);
    multiplicativeIndices(xs, 4).forEach((s, i) => expect(s).toBeCloseTo(pattern[i]!, 12));
  });

  it('adjusts only when the test says seasonal', () => {
    const pattern = [0.8, 1.2, 1.1, 0.9];
    const seasonal = deseasonalise(Array.from({ length: 40 }, (_, t) => 50 * pattern[t % 4]!), 4);
    expect(seasonal.seasonal).toBe(true);
    seasonal.adjusted.forEach((a) => expect(a).toBeCloseTo(50, 10));
    const flat = deseasonalise([5, 6, 5, 7, 6, 5, 6, 7, 5, 6, 6, 5], 4);
    expect(flat.seasonal).toBe(false);
    expect(flat.adjusted).toEqual([5, 6, 5, 7, 6, 5, 6, 7, 5, 6, 6, 5]);
  });
});

describe('helpers', () => {
  it('fits a line and takes R type-7 quantiles', () => {
    const { intercept, slope } = linearFit([3, 5, 7, 9]);
    expect(intercept).toBeCloseTo(3, 12);
    expect(slope).toBeCloseTo(2, 12);
    expect(quantile([4, 1, 3, 2], 0.5)).toBeCloseTo(2.5, 12);
    expect(quantile([1, 2, 3, 4, 5], 0.9)).toBeCloseTo(4.6, 12);
  });
});
