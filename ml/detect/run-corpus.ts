/**
 * Streams every series of a NAB-layout data folder through a fresh detector and, when asked,
 * writes NAB's results layout `<out>/<detector>/<category>/<detector>_<name>.csv`
 * (`timestamp,value,anomaly_score,label`). The label column comes from the windows and is only
 * written out: the detector never sees it. Also returns the scores for in-memory scoring.
 */
import { join } from 'node:path';
import { listSeries, loadSeries, readWindows, resultsPath, writeResults, type Series } from '../nab/corpus.js';
import type { ScoredSeries } from '../nab/score.js';
import { labelColumn, windowIndices, type WindowsFile } from '../nab/windows.js';
import type { DetectorFactory } from './types.js';

/** Scores of one series, point by point, from a fresh detector. */
export function detectSeries(series: { timestamps: ArrayLike<number>; values: ArrayLike<number> }, factory: DetectorFactory): Float64Array {
  const detector = factory();
  const out = new Float64Array(series.values.length);
  for (let i = 0; i < out.length; i++) out[i] = detector.score(series.timestamps[i]!, series.values[i]!);
  return out;
}

export interface RunOptions {
  /** The NAB data folder (`<category>/<name>.csv`). */
  dataDir: string;
  /** `combined_windows.json`; only for the label column and the returned windows. */
  labelsPath: string;
  detector: string;
  factory: DetectorFactory;
  /** Results root to write into; nothing is written when absent. */
  outDir?: string;
  /** Preloaded series (for repeated runs); read from `dataDir` when absent. */
  series?: readonly Series[];
}

export interface RunResult {
  scored: ScoredSeries[];
  points: number;
  /** Detector time only (reading and writing excluded), microseconds per point. */
  microsPerPoint: number;
}

/** Every series of the data folder, read once. */
export function loadCorpus(dataDir: string): Series[] {
  return listSeries(dataDir).map((rel) => loadSeries(dataDir, rel));
}

/** Runs `factory` over the corpus; writes results under `outDir` when given. */
export function runCorpus(options: RunOptions): RunResult {
  const windows: WindowsFile = readWindows(options.labelsPath);
  const all = options.series ?? loadCorpus(options.dataDir);
  const scored: ScoredSeries[] = [];
  let points = 0;
  let ms = 0;
  for (const series of all) {
    const start = performance.now();
    const scores = detectSeries(series, options.factory);
    ms += performance.now() - start;
    points += scores.length;
    const w = windowIndices(series.timestamps, windows[series.rel] ?? []);
    scored.push({ scores, windows: w });
    if (options.outDir !== undefined) {
      writeResults(resultsPath(options.outDir, options.detector, series.rel), series, scores, labelColumn(scores.length, w));
    }
  }
  return { scored, points, microsPerPoint: (ms * 1000) / Math.max(1, points) };
}

/** The data and labels paths inside a NAB folder. */
export function nabPaths(nabDir: string): { dataDir: string; labelsPath: string; referenceDir: string } {
  return { dataDir: join(nabDir, 'data'), labelsPath: join(nabDir, 'labels', 'combined_windows.json'), referenceDir: join(nabDir, 'reference-results') };
}
