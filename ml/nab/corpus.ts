/**
 * NAB folders on disk: the data (`data/<category>/<name>.csv`, `timestamp,value`), the windows
 * (`labels/combined_windows.json`) and results in NAB's layout
 * (`<results>/<detector>/<category>/<detector>_<name>.csv`), read with their `anomaly_score`
 * column (our files add `value` and `label`, the reference files have only `timestamp`).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { column, numberColumn, readCsv } from './csv.js';
import { scoreCorpus, type ProfileResult, type ScoredSeries } from './score.js';
import { parseStamp, windowIndices, type WindowsFile } from './windows.js';

/**
 * The NAB folder: `$SWAYBOT_SHARED_DATA/nab`, else `../shared/data/nab` beside the checkout. The
 * checkout is where package.json really is, so this module finds it from dist/ too (dist/ links
 * package.json back to the clone).
 */
export function defaultNabDir(env: NodeJS.ProcessEnv = process.env): string {
  const root = env['SWAYBOT_SHARED_DATA'] || join(checkoutDir(), '..', 'shared', 'data');
  return join(root, 'nab');
}

function checkoutDir(): string {
  let dir = import.meta.dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dirname(realpathSync(join(dir, 'package.json')));
}

/** One series of the data folder. */
export interface Series {
  /** `category/name.csv`, the key of the windows file. */
  rel: string;
  stamps: string[];
  timestamps: number[];
  values: Float64Array;
}

/** The relative paths (`category/name.csv`) of every series under `dataDir`, sorted. */
export function listSeries(dataDir: string): string[] {
  const out: string[] = [];
  for (const category of readdirSync(dataDir, { withFileTypes: true })) {
    if (!category.isDirectory()) continue;
    for (const file of readdirSync(join(dataDir, category.name))) if (file.endsWith('.csv')) out.push(`${category.name}/${file}`);
  }
  return out.sort();
}

/** Reads series `rel` of `dataDir`. */
export function loadSeries(dataDir: string, rel: string): Series {
  const table = readCsv(join(dataDir, rel));
  const stamps = column(table, 'timestamp');
  return { rel, stamps, timestamps: stamps.map(parseStamp), values: numberColumn(table, 'value') };
}

/** Reads a `combined_windows.json`. */
export function readWindows(path: string): WindowsFile {
  return JSON.parse(readFileSync(path, 'utf8')) as WindowsFile;
}

/** Where `detector`'s results for series `rel` live under `resultsDir`. */
export function resultsPath(resultsDir: string, detector: string, rel: string): string {
  return join(resultsDir, detector, dirname(rel), `${detector}_${basename(rel)}`);
}

/** Writes one results file: `timestamp,value,anomaly_score,label`. */
export function writeResults(path: string, series: Series, scores: ArrayLike<number>, labels: ArrayLike<number>): void {
  const lines = ['timestamp,value,anomaly_score,label'];
  for (let i = 0; i < series.stamps.length; i++) lines.push(`${series.stamps[i]},${series.values[i]},${scores[i]},${labels[i]}`);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${lines.join('\n')}\n`);
}

/** Reads `detector`'s results for every series named in `windows` as scorer input. */
export function readResults(resultsDir: string, detector: string, windows: WindowsFile): ScoredSeries[] {
  return Object.keys(windows)
    .sort()
    .map((rel) => {
      const table = readCsv(resultsPath(resultsDir, detector, rel));
      const timestamps = column(table, 'timestamp').map(parseStamp);
      return { scores: numberColumn(table, 'anomaly_score'), windows: windowIndices(timestamps, windows[rel] ?? []) };
    });
}

/** Scores `detector`'s results under `resultsDir` against `windows`, every profile. */
export function scoreResults(resultsDir: string, detector: string, windows: WindowsFile): ProfileResult[] {
  return scoreCorpus(readResults(resultsDir, detector, windows));
}
