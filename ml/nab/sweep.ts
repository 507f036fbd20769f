/**
 * NAB's sweep weights (Lavin & Ahmad 2015, NAB v1.1): for every scored row, its weight from its
 * position relative to the anomaly windows, and the window it belongs to. Probationary rows (the
 * first 15 %, at most 750) are left out. Pure: no I/O.
 */
import type { IndexWindow } from './windows.js';

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
 * before the first window, −1. Probationary rows are skipped. Returns the rows and windows written.
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
