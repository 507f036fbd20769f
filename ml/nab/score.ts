/**
 * The NAB score, written from the published method (Lavin & Ahmad 2015, NAB v1.1): every scored
 * row gets a sweep weight from its position relative to the windows, a threshold turns scores
 * into detections (`score >= threshold`), the first detection in a window earns A_TP × its
 * weight, a detection outside windows costs A_FP × its weight, an undetected window costs A_FN.
 * One threshold per detector and profile is chosen over the whole corpus, and the raw total is
 * normalised to 100 × (raw − null) / (perfect − null). Pure: no I/O.
 */
import { sweep, type ScoredSeries, type SweepRows } from './sweep.js';

export { probationaryLength, scaledSigmoid, sweep, type ScoredSeries, type SweepRows } from './sweep.js';

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
