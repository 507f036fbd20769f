/**
 * The streaming detector: deterministic, scores in [0, 1], no look-ahead (appending points never
 * changes earlier scores), a spike in a noisy sine wave scored highest near the spike; its parts
 * (the gate's rest, the extreme surprise, the Gaussian tail) on small hand-made inputs; and, on
 * the NAB corpus, that the tuned defaults keep their score (ml/detect/NOTES.md).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExtremeSurprise } from '../../ml/detect/extreme.js';
import { Gate } from '../../ml/detect/gate.js';
import { combine, createDetector, DEFAULT_CONFIG, detectorFactory, type PointDetector } from '../../ml/detect/index.js';
import { detectSeries, nabPaths, runCorpus } from '../../ml/detect/run-corpus.js';
import { scoreCorpus } from '../../ml/nab/score.js';
import { normalTail, RankWindow, SlidingMax } from '../../ml/detect/stats.js';
import { mulberry32 } from '../../telemetry/rollup/sampling.js';
import { corpusFor } from '../support/shared-data.js';

const MIN = 60_000;
const T0 = Date.UTC(2014, 3, 1);

/** Seeded PRNG (mulberry32), so the synthetic series are the same on every run. */
const rng = mulberry32;

/** A 5-minute sine wave with a daily period and noise, and a spike of `spike` at `at`. */
function sine(length: number, seed: number, at = -1, spike = 0): { timestamps: number[]; values: number[] } {
  const r = rng(seed);
  const timestamps = Array.from({ length }, (_, i) => T0 + i * 5 * MIN);
  const values = timestamps.map((_, i) => 50 + 20 * Math.sin((2 * Math.PI * i) / 288) + 2 * (r() - 0.5) + (i === at ? spike : 0));
  return { timestamps, values };
}

const run = (s: { timestamps: number[]; values: number[] }) => detectSeries(s, detectorFactory());

describe('the default detector', () => {
  it('is deterministic: the same series gives the same scores', () => {
    const s = sine(3000, 7, 2000, 60);
    expect([...run(s)]).toEqual([...run(s)]);
  });

  it('scores a spike in a noisy sine wave highest, within a few points of it', () => {
    const s = sine(3000, 11, 2200, 60);
    const scores = [...run(s)];
    const top = scores.indexOf(Math.max(...scores));
    expect(Math.abs(top - 2200)).toBeLessThanOrEqual(5);
    expect(scores[top]).toBeGreaterThan(DEFAULT_CONFIG.gate.fire);
  });

  it('reports nothing during the warm-up', () => {
    const s = sine(400, 3, 50, 500);
    expect([...run(s)].slice(0, DEFAULT_CONFIG.gate.warmup).every((x) => x === 0)).toBe(true);
  });

  it('keeps every score in [0, 1], whatever the values', () => {
    const value = fc.oneof(fc.double({ min: -1e9, max: 1e9, noNaN: true }), fc.constantFrom(0, 1, -1, 1e-300));
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 400 }), (values) => {
        const scores = run({ timestamps: values.map((_, i) => T0 + i * MIN), values });
        return scores.every((x) => x >= 0 && x <= 1);
      }),
      { numRuns: 60 },
    );
  });

  it('never looks ahead: appending points leaves the earlier scores unchanged', () => {
    const walk = fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 1, maxLength: 300 });
    fc.assert(
      fc.property(walk, walk, fc.integer({ min: 0, max: 1000 }), (head, tail, seed) => {
        const base = sine(head.length + tail.length, seed);
        const values = base.values.map((v, i) => v + ([...head, ...tail][i] ?? 0) * 3);
        const all = run({ timestamps: base.timestamps, values });
        const prefix = run({ timestamps: base.timestamps.slice(0, head.length), values: values.slice(0, head.length) });
        expect([...all.slice(0, head.length)]).toEqual([...prefix]);
      }),
      { numRuns: 40 },
    );
  });
});

describe('parts', () => {
  it('the gate is silent in the warm-up and for the rest after a detection', () => {
    const gate = new Gate({ ...DEFAULT_CONFIG.gate, warmup: 2, fire: 0.5, rest: 3, restFraction: 0 });
    const out = [0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.2, 0.9].map((s) => gate.next(s));
    expect(out).toEqual([0, 0, 0.9, 0, 0, 0.9, 0, 0]);
  });

  it('extreme surprise is 0 inside the trailing range and grows with the excess past it', () => {
    const e = new ExtremeSurprise({ window: 100, half: 0.2 });
    for (let i = 0; i < 50; i++) e.next(i % 2 === 0 ? 0 : 10);
    expect(e.next(5)).toBe(0);
    expect(e.next(12)).toBeCloseTo(0.2 / (0.2 + 0.2), 12);
    expect(e.next(22)).toBeGreaterThan(0.5);
  });

  it('the sliding maximum forgets values older than its window', () => {
    const m = new SlidingMax(3);
    const out = [5, 1, 2, 3, 0, 0, 0].map((x) => (m.push(x), m.max));
    expect(out).toEqual([5, 5, 5, 3, 3, 3, 0]);
  });

  it('the rank window gives mid-ranks and quantiles of the values it holds', () => {
    const r = new RankWindow(4);
    for (const x of [5, 1, 3, 3, 9]) r.push(x); // 5 has left: holds 1, 3, 3, 9
    expect(r.rank(3)).toBe((1 + 1) / 4);
    expect(r.rank(0)).toBe(0);
    expect(r.rank(10)).toBe(1);
    expect(r.quantile(0)).toBe(1);
    expect(r.quantile(1)).toBe(9);
  });

  it('the Gaussian tail matches known values', () => {
    expect(normalTail(0)).toBeCloseTo(0.5, 6);
    expect(normalTail(1.959964)).toBeCloseTo(0.025, 6);
    expect(normalTail(-1)).toBeCloseTo(0.841345, 6);
  });

  it('combine merges component scores by the largest and clamps to [0, 1]', () => {
    const fixed = (s: number): PointDetector => ({ score: () => s });
    expect(combine([fixed(0.2), fixed(0.7)]).score(0, 0)).toBe(0.7);
    expect(combine([fixed(3)]).score(0, 0)).toBe(1);
    expect(createDetector().score(T0, 1)).toBe(0);
  });

  it('a young series is not flagged for being young: a clean daily cycle fires only at its injected spike', () => {
    const d = createDetector();
    const fired: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const v = 60 + 8 * Math.sin((2 * Math.PI * i) / 288) + ((i * 7919) % 17) / 17 + (i === 1700 ? 45 : 0);
      if (d.score(T0 + i * 300_000, v) >= 0.6) fired.push(i);
    }
    expect(fired).toEqual([1700]);
  });
});

const nab = corpusFor('test/ml/detector', 'nab');

describe.runIf(nab.dir !== undefined)('on the NAB corpus', () => {
  it('the default detector keeps its tuned score (73.3 / 68.5 / 77.0 when written)', () => {
    const paths = nabPaths(nab.dir ?? '');
    const run = runCorpus({ ...paths, detector: 'swaybot', factory: detectorFactory() });
    const [standard, lowFp, lowFn] = scoreCorpus(run.scored).map((r) => r.score);
    expect(standard).toBeGreaterThan(73);
    expect(lowFp).toBeGreaterThan(68);
    expect(lowFn).toBeGreaterThan(76.5);
  });
});
