import { describe, expect, it } from 'vitest';
import { mulberry32, subSeed } from '../../../ml/forecast/learned/rng.js';
import { decode, encode, encodeWindow, seriesOffset, windowLevel } from '../../../ml/forecast/learned/scaling.js';
import { encodeInputs, holdoutSeries, WindowSampler } from '../../../ml/forecast/learned/windows.js';

describe('ml/forecast/learned windows and scaling', () => {
  it('encodes by the window level and decodes back, log and ratio', () => {
    for (const transform of ['log', 'ratio'] as const) {
      for (const v of [0.5, 10, 45]) expect(decode(encode(v, 10, 0, transform), 10, 0, transform)).toBeCloseTo(v, 9);
    }
    expect(encode(10, 10, 0, 'log')).toBe(0);
    expect(windowLevel([1, 2, 3, 4, 5, 6], 6, 2, 0)).toBe(5.5);
  });

  it('shifts a series with zeros or negatives above 0 and leaves a positive one alone', () => {
    expect(seriesOffset([1, 2, 3])).toBe(0);
    const offset = seriesOffset([0, 5, 10]);
    expect(offset).toBeGreaterThan(0);
    expect(Number.isFinite(encode(0, windowLevel([0, 5, 10], 3, 3, offset), offset, 'log'))).toBe(true);
  });

  it('pads a series shorter than the lookback with its first season, in phase', () => {
    const out = new Float32Array(6);
    encodeWindow([1, 2, 3, 4], 4, 6, 2, 1, 0, 'ratio', out, 0);
    // Indices −2, −1 map to 0, 1 (period 2): 1, 2, then the series.
    expect(Array.from(out)).toEqual([0, 1, 0, 1, 2, 3]);
  });

  it('samples reproducibly, never from the held-out last horizon', () => {
    const series = [Array.from({ length: 100 }, (_, t) => t + 1)];
    const spec = { lookback: 8, horizon: 10, season: 4, transform: 'ratio' as const };
    const a = new WindowSampler(series, spec, { historyLimit: 100, holdout: true }).sample(50, mulberry32(3));
    const b = new WindowSampler(series, spec, { historyLimit: 100, holdout: true }).sample(50, mulberry32(3));
    expect(a.y).toEqual(b.y);
    // Decode each target's last point: (y + 1) × level; it must lie before the held-out 91..100.
    for (let r = 0; r < 50; r++) {
      const lastInput = a.x[r * 8 + 7]!;
      const last = a.y[r * 10 + 9]!;
      // Values are t + 1, so the gap between last target and last input is 10 in raw units.
      const level = 10 / (last - lastInput);
      expect((last + 1) * level).toBeLessThanOrEqual(90 + 1e-3);
    }
    expect(holdoutSeries(series, 10, 4)[0]!.actual).toEqual(Array.from({ length: 10 }, (_, i) => 91 + i));
  });

  it('encodes forecast inputs from the end of each history', () => {
    const { x, levels, offsets } = encodeInputs([[1, 2, 3, 4, 5, 6]], { lookback: 4, season: 2, transform: 'ratio' });
    expect(levels[0]).toBe(5.5);
    expect(offsets[0]).toBe(0);
    expect(x[3]).toBeCloseTo(6 / 5.5 - 1, 6);
  });

  it('derives distinct sub-seeds', () => {
    expect(new Set([0, 1, 2, 3].map((k) => subSeed(1, k))).size).toBe(4);
    expect(subSeed(1, 0)).not.toBe(subSeed(2, 0));
  });
});
