/** Ridge regression: recovers known coefficients, drops constant columns, shrinks with λ, picks λ by GCV. */
import { describe, expect, it } from 'vitest';
import { ridgeFit, ridgePredict } from '../../../ml/forecast/exogenous/ridge.js';

/** Deterministic uniform numbers in [0, 1) (mulberry32). */
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

describe('ridge', () => {
  const r = rng(7);
  const rows = Array.from({ length: 400 }, () => [10 * r(), r() - 0.5, 5]);
  const y = rows.map(([a, b]) => 2 + 3 * a! - 0.5 * b! + 0.01 * (r() - 0.5));

  it('recovers the coefficients of a linear target', () => {
    const fit = ridgeFit(rows, y, { lambda: 1e-6 });
    expect(fit.coef[0]).toBeCloseTo(3, 3);
    expect(fit.coef[1]).toBeCloseTo(-0.5, 2);
    expect(fit.coef[2]).toBe(0); // constant column: the intercept carries it
    expect(fit.intercept).toBeCloseTo(2, 2);
    expect(ridgePredict(fit, [1, 0, 5])).toBeCloseTo(5, 2);
    expect(fit.edf).toBeCloseTo(3, 3);
  });

  it('picks a small λ by GCV when the signal is strong, and shrinks under a large λ', () => {
    const gcv = ridgeFit(rows, y);
    expect(gcv.coef[0]).toBeCloseTo(3, 2);
    expect(gcv.lambda).toBeLessThan(1);
    const heavy = ridgeFit(rows, y, { lambda: 1e6 });
    expect(Math.abs(heavy.coef[0]!)).toBeLessThan(0.1);
    expect(heavy.intercept).toBeCloseTo(y.reduce((s, v) => s + v, 0) / y.length, 0);
  });

  it('shrinks a pure-noise column to about nothing under GCV', () => {
    const noise = Array.from({ length: 400 }, () => [r()]);
    const target = noise.map(() => 1 + r());
    const fit = ridgeFit(noise, target);
    expect(Math.abs(fit.coef[0]!)).toBeLessThan(0.1);
    expect(fit.intercept).toBeCloseTo(1.5, 1);
  });

  it('fits the intercept alone when there are no columns', () => {
    const fit = ridgeFit([[], [], []], [1, 2, 6]);
    expect(fit.intercept).toBe(3);
    expect(fit.coef).toHaveLength(0);
  });
});
