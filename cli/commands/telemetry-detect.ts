/**
 * `swaybot telemetry detect <csv|folder> --out <folder>`: scores `timestamp,value` CSVs the way the
 * NAB runner does (`detectSeries` of ml/detect/run-corpus.ts: a fresh detector per file, point by
 * point, no look-ahead) and writes NAB's results layout `<out>/<detector>/<category>/<detector>_<file>.csv`
 * with `timestamp,value,anomaly_score,label` (label 0: there are no labels here). The category is
 * the file's folder relative to the input folder (for a single file, its folder's name). A bad file
 * is reported at file:line and skipped; the others still run, and the command exits 1.
 */
import { basename, dirname, join, resolve } from 'node:path';
import { innerPath, listCsvFiles } from './csv-files.js';
import pc from 'picocolors';
import type { CliContext } from '../context.js';
import { CliError } from '../errors.js';
import { checkProgressLine } from '../format/progress.js';
import { readSeriesCsv, SeriesCsvError } from './telemetry-csv.js';
import { formatDetectSummary, type FileResult } from './telemetry-detect-summary.js';

export interface DetectOptions {
  out: string;
  detectorName: string;
  threshold: string;
}

/** One input file: where it is, the name messages show, and its `category/name.csv` in the results. */
interface InputFile {
  path: string;
  shown: string;
  rel: string;
}

export async function detectAction(input: string, options: DetectOptions, ctx: CliContext): Promise<void> {
  const threshold = Number(options.threshold);
  if (options.threshold.trim() === '' || !(threshold >= 0 && threshold <= 1)) throw new CliError(`Unexpected --threshold \`${options.threshold}\`, expected a score between 0 and 1 such as 0.5`, 2);
  const detector = options.detectorName;
  if (!/^[\w.-]+$/.test(detector) || /^\.+$/.test(detector)) throw new CliError(`Unexpected --detector-name \`${detector}\`, expected a folder name of letters, digits, _ . - (e.g. swaybot)`, 2);
  const files = listInputs(input, options.out);
  // Loaded on use, so `swaybot --help` starts fast.
  const [{ createDetector }, { detectSeries }, { resultsPath, writeResults }] = await Promise.all([
    import('../../ml/detect/index.js'),
    import('../../ml/detect/run-corpus.js'),
    import('../../ml/nab/corpus.js'),
  ]);
  const { stderr } = ctx.io;
  const live = stderr.isTTY === true;
  let stopped = false;
  const unlisten = ctx.io.onStop(() => (stopped = true));
  const results: FileResult[] = [];
  let failed = 0;
  let detectMs = 0;
  try {
    for (const [i, file] of files.entries()) {
      if (stopped) break;
      if (live) stderr.write(`\r\x1b[K${checkProgressLine(i, files.length, file.shown, stderr.columns).replace(/^checking/, 'scoring')}`);
      // Lets Ctrl-C through between files (scoring one file is synchronous).
      await new Promise((r) => setImmediate(r));
      let series;
      try {
        series = readSeriesCsv(file.path, file.shown);
      } catch (err) {
        if (!(err instanceof SeriesCsvError)) throw err;
        failed++;
        if (live) stderr.write('\r\x1b[K');
        stderr.write(`${pc.red('✖')} ${err.message}\n`);
        continue;
      }
      const start = performance.now();
      const scores = detectSeries(series, () => createDetector());
      detectMs += performance.now() - start;
      const out = resultsPath(options.out, detector, file.rel);
      try {
        writeResults(out, { rel: file.rel, ...series }, scores, new Uint8Array(scores.length));
      } catch (err) {
        throw new CliError(`Could not write ${out}: ${(err as Error).message}`);
      }
      results.push(summarise(file.rel, series.stamps, scores, threshold));
    }
  } finally {
    unlisten();
    if (live) stderr.write('\r\x1b[K');
  }
  const text = formatDetectSummary({ results, failed, total: files.length, threshold, detectMs, outDir: join(options.out, detector), stopped });
  ctx.print(text);
  ctx.exitCode = stopped ? 130 : failed > 0 ? 1 : 0;
}

/** Detections (scores at or above `threshold`) and the highest score of one file. */
function summarise(rel: string, stamps: readonly string[], scores: Float64Array, threshold: number): FileResult {
  let detections = 0;
  let maxAt = 0;
  for (let i = 0; i < scores.length; i++) {
    if (scores[i]! >= threshold) detections++;
    if (scores[i]! > scores[maxAt]!) maxAt = i;
  }
  return { rel, points: scores.length, detections, maxScore: scores[maxAt] ?? 0, maxStamp: stamps[maxAt] ?? '' };
}

/** The CSVs of `input` with the name messages show and their `category/name.csv` in the results. */
function listInputs(input: string, outDir: string): InputFile[] {
  const inputs = listCsvFiles(input, outDir);
  if (!inputs.folder) return [{ path: input, shown: input, rel: `${basename(dirname(resolve(input)))}/${basename(input)}` }];
  return inputs.paths.map((path) => {
    const inner = innerPath(inputs, path);
    const category = dirname(inner) === '.' ? basename(inputs.root) : dirname(inner);
    return { path, shown: join(input, inner), rel: `${category}/${basename(path)}` };
  });
}
