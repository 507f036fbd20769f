/**
 * The NAB score, written from the published method (Lavin & Ahmad 2015, NAB v1.1): every scored
 * row gets a sweep weight from its position relative to the windows, a threshold turns scores
 * into detections (`score >= threshold`), the first detection in a window earns A_TP × its
 * weight, a detection outside windows costs A_FP × its weight, an undetected window costs A_FN.
 * One threshold per detector and profile is chosen over the whole corpus, and the raw total is
 * normalised to 100 × (raw − null) / (perfect − null). Pure: no I/O.
 */
import type { IndexWindow } from './windows.js';

/** A NAB cost profile. */
export interface Profile {
  name: ProfileName;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

export type ProfileName = 'standard' | 'reward_low_FP' | 'reward_low_FN';

export const PROFILES: readonly Profile[] = [
  { name: 'standard', tp: 1, fp: 0.11, tn: 1, fn: 1 },
  { name: 'reward_low_FP', tp: 1, fp: 0.22, tn: 1, fn: 1 },
  { name: 'reward_low_FN', tp: 1, fp: 0.11, tn: 1, fn: 2 },
];

/** NAB's scaled sigmoid: 2·σ(−5y) − 1, in (−1, 1); −1 for y > 3 (far after a window). */
export function scaledSigmoid(y: number): number {
  if (y > 3) return -1;
  return 2 / (1 + Math.exp(5 * y)) - 1;
}

/** Rows not scored at the start of a series of `length` rows: min(floor(0.15 · length), 750). */
export function probationaryLength(length: number): number {
  return Math.min(Math.floor(0.15 * length), 750);
}

/** One series to score: its anomaly scores, one per row, and its windows as row ranges. */
export interface ScoredSeries {
  scores: ArrayLike<number>;
  windows: readonly IndexWindow[];
}

/** The scorable rows of a corpus: score, sweep weight, and window number (−1 outside any window). */
export interface SweepRows {
  score: Float64Array;
  weight: Float64Array;
  window: Int32Array;
  /** Windows with at least one scorable row (numbered 0..windows−1). */
  windows: number;
}

const MAX_TP = scaledSigmoid(-1);

/**
 * Sweep weights of one series, appended at `rows[offset..]`: inside a window, position
 * −(end − i + 1)/width, weight scaledSigmoid(position)/scaledSigmoid(−1) (1 at the window's first
 * row); after a window, position |i − prevEnd|/(prevWidth − 1), weight scaledSigmoid(position);
 * before the first window, −1. Probationary rows are skipped. Returns the rows written.
 */
function sweepInto(series: ScoredSeries, out: SweepRows, offset: number, firstWindow: number): { rows: number; windows: number } {
  const n = series.scores.length;
  const probation = probationaryLength(n);
  let row = offset;
  let w = 0;
  let prevEnd = -1;
  let prevWidth = 0;
  const seen = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const cur = series.windows[w];
    let weight: number;
    let id = -1;
    if (cur !== undefined && i >= cur.start && i <= cur.end) {
      const width = cur.end - cur.start + 1;
      weight = scaledSigmoid(-(cur.end - i + 1) / width) / MAX_TP;
      if (i >= probation) {
        id = seen.get(w) ?? firstWindow + seen.size;
        seen.set(w, id);
      }
      if (i === cur.end) {
        prevEnd = cur.end;
        prevWidth = width;
        w++;
      }
    } else if (prevEnd < 0) {
      weight = -1;
    } else {
      weight = scaledSigmoid(Math.abs(i - prevEnd) / (prevWidth - 1));
    }
    if (i < probation) continue;
    out.score[row] = series.scores[i]!;
    out.weight[row] = weight;
    out.window[row] = id;
    row++;
  }
  return { rows: row - offset, windows: seen.size };
}

/** The scorable rows of all `series`, windows numbered across the corpus. */
export function sweep(series: readonly ScoredSeries[]): SweepRows {
  const total = series.reduce((sum, s) => sum + s.scores.length, 0);
  const out: SweepRows = { score: new Float64Array(total), weight: new Float64Array(total), window: new Int32Array(total), windows: 0 };
  let rows = 0;
  for (const s of series) {
    const r = sweepInto(s, out, rows, out.windows);
    rows += r.rows;
    out.windows += r.windows;
  }
  return { score: out.score.subarray(0, rows), weight: out.weight.subarray(0, rows), window: out.window.subarray(0, rows), windows: out.windows };
}

/** The raw score at one threshold, and its counts (tp/fn count windows, fp counts rows). */
export interface ThresholdScore {
  threshold: number;
  raw: number;
  tp: number;
  fp: number;
  fn: number;
}

/** Raw score of `rows` under `profile` when rows with score >= `threshold` are detections. */
export function scoreAt(rows: SweepRows, profile: Profile, threshold: number): ThresholdScore {
  const best = new Float64Array(rows.windows).fill(-Infinity);
  let fpCost = 0;
  let fp = 0;
  for (let i = 0; i < rows.score.length; i++) {
    if (!(rows.score[i]! >= threshold)) continue;
    const w = rows.window[i]!;
    if (w < 0) {
      fpCost += rows.weight[i]! * profile.fp;
      fp++;
    } else if (rows.weight[i]! > best[w]!) best[w] = rows.weight[i]!;
  }
  let tp = 0;
  let raw = fpCost;
  for (const b of best) {
    if (b === -Infinity) raw -= profile.fn;
    else {
      raw += b * profile.tp;
      tp++;
    }
  }
  return { threshold, raw, tp, fp, fn: rows.windows - tp };
}

/**
 * NAB's threshold sweep: every distinct score, highest first, as the threshold (plus one above
 * every score, where nothing is detected); returns the threshold with the best raw score (the
 * highest such threshold on ties).
 */
export function optimiseThreshold(rows: SweepRows, profile: Profile): ThresholdScore {
  const order = Array.from(rows.score.keys()).sort((a, b) => rows.score[b]! - rows.score[a]!);
  const best = new Float64Array(rows.windows).fill(-profile.fn);
  const detected = new Uint8Array(rows.windows);
  let raw = -profile.fn * rows.windows;
  let tp = 0;
  let fp = 0;
  const first = rows.score[order[0] ?? 0];
  let top: ThresholdScore = { threshold: first === undefined ? 1.1 : first + 1, raw, tp, fp, fn: rows.windows };
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    const w = rows.window[i]!;
    if (w < 0) {
      raw += rows.weight[i]! * profile.fp;
      fp++;
    } else {
      const gain = rows.weight[i]! * profile.tp;
      if (detected[w] === 0) {
        detected[w] = 1;
        tp++;
      }
      if (gain > best[w]!) {
        raw += gain - best[w]!;
        best[w] = gain;
      }
    }
    const next = order[k + 1];
    if (next !== undefined && rows.score[next] === rows.score[i]) continue;
    if (raw > top.raw) top = { threshold: rows.score[i]!, raw, tp, fp, fn: rows.windows - tp };
  }
  return top;
}

/** Normalised NAB score: 100 × (raw − null) / (perfect − null), null = −A_FN · windows, perfect = A_TP · windows. */
export function normalise(raw: number, windows: number, profile: Profile): number {
  const nullScore = -profile.fn * windows;
  const perfect = profile.tp * windows;
  return (100 * (raw - nullScore)) / (perfect - nullScore);
}

/** A detector's result under one profile. */
export interface ProfileResult extends ThresholdScore {
  profile: ProfileName;
  /** The normalised NAB score. */
  score: number;
}

/** Scores `series` under every profile: the corpus-wide best threshold and its normalised score. */
export function scoreCorpus(series: readonly ScoredSeries[], profiles: readonly Profile[] = PROFILES): ProfileResult[] {
  const rows = sweep(series);
  return profiles.map((p) => {
    const best = optimiseThreshold(rows, p);
    return { ...best, profile: p.name, score: normalise(best.raw, rows.windows, p) };
  });
}
