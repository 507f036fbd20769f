import { beforeAll, describe, expect, it } from 'vitest';
import { loadTf, type LoadedTf } from '../../ml/learned/backend.js';
import { LearnedDetector, type LearnedOptions } from '../../ml/learned/detector.js';

// Small windows so that the test trains a few tiny models in well under a second.
const SMALL: LearnedOptions = { lags: 8, hidden: 8, warmup: 120, refitEvery: 100, trainSpan: 200, epochs: 40, refitEpochs: 10, gate: false };

/** A deterministic series: a sine with pseudo-random noise; `shift` adds a level shift from that index. */
function series(n: number, shift?: number): number[] {
  let seed = 42;
  const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) - 0.5;
  return Array.from({ length: n }, (_, i) => 5 + Math.sin(i / 6) + 0.1 * rand() + (shift !== undefined && i >= shift ? 4 : 0));
}

function run(values: readonly number[], options: LearnedOptions): { scores: number[]; detector: LearnedDetector } {
  const detector = new LearnedDetector(options);
  return { scores: values.map((v, i) => detector.score(i * 60_000, v)), detector };
}

describe('ml/learned', () => {
  let loaded: LoadedTf;
  beforeAll(async () => {
    loaded = await loadTf(undefined, { quiet: true });
  });

  it('loads a working backend and says which', () => {
    expect(['tensorflow', 'wasm', 'cpu']).toContain(loaded.backend);
    expect(loaded.version).toMatch(/^tfjs 4\.22\.0/);
    const { tf } = loaded;
    expect(tf.getBackend()).toBe(loaded.backend);
    const sum = tf.tidy(() => tf.add(tf.tensor1d([1, 2]), tf.tensor1d([3, 4])).arraySync());
    expect(sum).toEqual([4, 6]);
  });

  it('scores deterministically, in [0, 1], without leaking tensors, and records the backend that trained it', () => {
    const values = series(400);
    const before = loaded.tf.memory().numTensors;
    const a = run(values, { ...SMALL, tf: loaded });
    const b = run(values, { ...SMALL, tf: loaded });
    expect(a.scores).toEqual(b.scores);
    for (const s of a.scores) expect(s >= 0 && s <= 1).toBe(true);
    expect(a.scores.slice(0, SMALL.warmup!).every((s) => s === 0)).toBe(true);
    expect(loaded.tf.memory().numTensors).toBe(before);
    const art = a.detector.artifact();
    expect(art).toMatchObject({ family: 'mlp-forecaster', backend: loaded.backend, fits: 3, fittedAt: 319 });
    expect(art!.loss).toBeLessThan(0.5);
  });

  it('does not look ahead: appending points leaves earlier scores unchanged', () => {
    const values = series(420, 330);
    const short = run(values.slice(0, 300), { ...SMALL, tf: loaded }).scores;
    const long = run(values, { ...SMALL, tf: loaded }).scores;
    expect(long.slice(0, 300)).toEqual(short);
  });

  it('scores a level shift and a spike after the warm-up above the normal points', () => {
    const shifted = run(series(400, 300), { ...SMALL, tf: loaded }).scores;
    const normalMax = Math.max(...shifted.slice(150, 300));
    expect(Math.max(...shifted.slice(300, 306))).toBeGreaterThan(Math.max(0.5, normalMax));

    const spiky = series(400);
    spiky[320] = spiky[320]! + 3;
    const s = run(spiky, { ...SMALL, tf: loaded }).scores;
    expect(Math.max(...s.slice(320, 324))).toBeGreaterThan(Math.max(0.5, ...s.slice(150, 320)));
  });

  it('reports sparse detections through the gate by default', () => {
    const s = run(series(400, 300), { ...SMALL, gate: { warmup: 100 }, tf: loaded }).scores;
    const fired = s.filter((x) => x > 0).length;
    expect(fired).toBeGreaterThan(0);
    expect(fired).toBeLessThan(10);
  });
});
