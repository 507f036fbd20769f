/**
 * The NAB scorer: hand-computed tiny series for the sweep weights, the first-detection rule, the
 * probationary period and the threshold sweep; and, on the NAB corpus, the proof that it is NAB's
 * method: the published windowed-Gaussian results score 39.6 / 20.9 / 47.4 and the null detector 0.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readResults, readWindows } from '../../ml/nab/corpus.js';
import { normalise, optimiseThreshold, PROFILES, probationaryLength, scaledSigmoid, scoreAt, scoreCorpus, sweep, type Profile, type ScoredSeries } from '../../ml/nab/score.js';
import { labelColumn, parseStamp, windowIndices } from '../../ml/nab/windows.js';
import { corpusFor } from '../support/shared-data.js';

const standard = PROFILES[0] as Profile;
const lowFn = PROFILES[2] as Profile;
const s1 = 2 / (1 + Math.exp(-5)) - 1; // scaledSigmoid(-1)

/** A 20-row series (3 probationary rows) with one window over rows 10..13, detections where `hits`. */
function tiny(hits: number[], score = 1): ScoredSeries {
  const scores = new Array<number>(20).fill(0);
  for (const h of hits) scores[h] = score;
  return { scores, windows: [{ start: 10, end: 13 }] };
}

describe('scaled sigmoid and probation', () => {
  it('is 2σ(−5y)−1, and −1 beyond 3', () => {
    expect(scaledSigmoid(0)).toBe(0);
    expect(scaledSigmoid(-1)).toBeCloseTo(0.986614, 6);
    expect(scaledSigmoid(1)).toBeCloseTo(-0.986614, 6);
    expect(scaledSigmoid(3)).toBeCloseTo(2 / (1 + Math.exp(15)) - 1, 12);
    expect(scaledSigmoid(3.01)).toBe(-1);
  });

  it('skips min(floor(15 %), 750) rows', () => {
    expect(probationaryLength(20)).toBe(3);
    expect(probationaryLength(101)).toBe(15);
    expect(probationaryLength(100_000)).toBe(750);
  });
});

describe('raw score of a tiny series', () => {
  it('a window with no detection costs A_FN', () => {
    expect(scoreAt(sweep([tiny([])]), standard, 0.5).raw).toBe(-1);
    expect(scoreAt(sweep([tiny([])]), lowFn, 0.5).raw).toBe(-2);
  });

  it('a detection on the first row of a window earns exactly A_TP', () => {
    expect(scoreAt(sweep([tiny([10])]), standard, 0.5).raw).toBeCloseTo(1, 12);
  });

  it('only the first detection in a window counts, weighted by its position', () => {
    const at11 = scaledSigmoid(-(13 - 11 + 1) / 4) / s1;
    const r = scoreAt(sweep([tiny([11, 12, 13])]), standard, 0.5);
    expect(r.raw).toBeCloseTo(at11, 12);
    expect(r).toMatchObject({ tp: 1, fn: 0, fp: 0 });
    expect(scoreAt(sweep([tiny([13])]), standard, 0.5).raw).toBeCloseTo(scaledSigmoid(-1 / 4) / s1, 12);
  });

  it('a detection before the first window costs the full A_FP; after it, A_FP × sigmoid of the distance', () => {
    expect(scoreAt(sweep([tiny([5, 10])]), standard, 0.5).raw).toBeCloseTo(1 - 0.11, 12);
    // Row 16: 3 rows after the window end, width 4: position 3 / (4 − 1) = 1.
    expect(scoreAt(sweep([tiny([10, 16])]), standard, 0.5).raw).toBeCloseTo(1 + 0.11 * scaledSigmoid(1), 12);
    // Row 14, just after: position 1/3, a small cost.
    expect(scoreAt(sweep([tiny([10, 14])]), standard, 0.5).raw).toBeCloseTo(1 + 0.11 * scaledSigmoid(1 / 3), 12);
  });

  it('probationary rows are never scored', () => {
    expect(scoreAt(sweep([tiny([0, 1, 2, 10])]), standard, 0.5)).toMatchObject({ fp: 0, tp: 1 });
    expect(scoreAt(sweep([tiny([3, 10])]), standard, 0.5)).toMatchObject({ fp: 1, tp: 1 });
  });

  it('a score equal to the threshold is a detection (>=)', () => {
    expect(scoreAt(sweep([tiny([10], 0.7)]), standard, 0.7).tp).toBe(1);
    expect(scoreAt(sweep([tiny([10], 0.7)]), standard, 0.70001).tp).toBe(0);
  });
});

describe('threshold sweep and normalisation', () => {
  it('picks the threshold that keeps the TP and drops the weaker FPs', () => {
    const scores = new Array<number>(20).fill(0);
    scores[10] = 0.8; // TP
    scores[5] = 0.6; // FP before the window, −0.11
    scores[16] = 0.9; // FP after the window, about −0.11
    const rows = sweep([{ scores, windows: [{ start: 10, end: 13 }] }]);
    const best = optimiseThreshold(rows, standard);
    expect(best.threshold).toBe(0.8);
    expect(best.raw).toBeCloseTo(scoreAt(rows, standard, 0.8).raw, 12);
    expect(best.raw).toBeCloseTo(1 + 0.11 * scaledSigmoid(1), 12);
  });

  it('the sweep agrees with scoring every threshold directly', () => {
    const scores = Array.from({ length: 60 }, (_, i) => ((i * 37) % 11) / 10);
    const rows = sweep([{ scores, windows: [{ start: 20, end: 25 }, { start: 40, end: 44 }] }]);
    for (const p of PROFILES) {
      const direct = Math.max(...[...new Set(scores), 2].map((t) => scoreAt(rows, p, t).raw));
      expect(optimiseThreshold(rows, p).raw).toBeCloseTo(direct, 12);
    }
  });

  it('normalises null to 0 and perfect to 100', () => {
    expect(normalise(-116, 116, standard)).toBe(0);
    expect(normalise(116, 116, standard)).toBe(100);
    expect(normalise(-232, 116, lowFn)).toBe(0);
    const perfect = scoreCorpus([tiny([10])]);
    expect(perfect.map((r) => Math.round(r.score * 1e9) / 1e9)).toEqual([100, 100, 100]);
  });
});

describe('windows', () => {
  it('maps window timestamps onto rows and labels them', () => {
    const ts = ['2014-04-10 07:00:00', '2014-04-10 07:05:00', '2014-04-10 07:10:00', '2014-04-10 07:15:00'].map(parseStamp);
    const w = windowIndices(ts, [['2014-04-10 07:05:00.000000', '2014-04-10 07:10:00.000000']]);
    expect(w).toEqual([{ start: 1, end: 2 }]);
    expect([...labelColumn(4, w)]).toEqual([0, 1, 1, 0]);
  });
});

const nab = corpusFor('test/ml/nab-score', 'nab');

describe.runIf(nab.dir !== undefined)('on the NAB corpus', () => {
  const dir = nab.dir ?? '';
  const windows = readWindows(join(dir, 'labels', 'combined_windows.json'));
  const reference = readResults(join(dir, 'reference-results'), 'windowedGaussian', windows);

  it('the published windowed-Gaussian results score standard 39.6, low FP 20.9, low FN 47.4', () => {
    const scores = scoreCorpus(reference).map((r) => Math.round(r.score * 10) / 10);
    expect(scores).toEqual([39.6, 20.9, 47.4]);
  });

  it('the null detector (0.5 on every row) scores 0 on every profile', () => {
    const nullDetector = reference.map((s) => ({ scores: new Array<number>(s.scores.length).fill(0.5), windows: s.windows }));
    expect(scoreCorpus(nullDetector).map((r) => r.score)).toEqual([0, 0, 0]);
  });

  it('has the 58 files and 116 windows of NAB v1.1', () => {
    expect(reference).toHaveLength(58);
    expect(reference.reduce((n, s) => n + s.windows.length, 0)).toBe(116);
  });
});
