/**
 * `swaybot capacity forecast <csv|folder> --out <folder>`: the capacity workflow's forecaster over
 * users' own `timestamp,value` CSVs. Each file is checked (capacity-csv.ts), forecast
 * `--horizon` steps past its end, and written as `<out>/<name>.csv` (`timestamp,point,p50,p90`);
 * `<out>/summary.json` lists the model each file got. A bad file is reported at file:line and
 * skipped; the others still run, and the command exits 1.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join, sep } from 'node:path';
import { innerPath, listCsvFiles } from './csv-files.js';
import pc from 'picocolors';
import type { CliContext } from '../context.js';
import { CliError } from '../errors.js';
import { checkProgressLine } from '../format/progress.js';
import { readForecastCsv } from './capacity-csv.js';
import { SeriesCsvError } from './telemetry-csv.js';

export interface ForecastOptions {
  out: string;
  horizon: string;
  season: string;
}

function wholeNumber(text: string, option: string, max: number): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isInteger(n) || n < 1 || n > max) throw new CliError(`Unexpected ${option} \`${text}\`, expected a whole number from 1 to ${max}`, 2);
  return n;
}

export async function forecastAction(input: string, options: ForecastOptions, ctx: CliContext): Promise<void> {
  const horizon = wholeNumber(options.horizon, '--horizon', 168);
  const season = wholeNumber(options.season, '--season', 24 * 7);
  const files = listCsvs(input, options.out);
  const { forecastService } = await import('../../ml/forecast/service.js');
  const { stderr } = ctx.io;
  const live = stderr.isTTY === true;
  mkdirSync(options.out, { recursive: true });
  const summary: Record<string, unknown>[] = [];
  let failed = 0;
  let stopped = false;
  const unlisten = ctx.io.onStop(() => (stopped = true));
  try {
    for (const [i, file] of files.entries()) {
      if (stopped) break;
      if (live) stderr.write(`\r\x1b[K${checkProgressLine(i, files.length, file.shown, stderr.columns).replace(/^checking/, 'forecasting')}`);
      else if (files.length > 1) stderr.write(`[${i + 1}/${files.length}] ${file.shown}\n`);
      let series;
      try {
        series = readForecastCsv(file.path, file.shown);
      } catch (err) {
        if (!(err instanceof SeriesCsvError)) throw err;
        failed++;
        if (live) stderr.write('\r\x1b[K');
        stderr.write(`${pc.red('✖')} ${err.message}\n`);
        continue;
      }
      if (series.values.length < 2 * season) {
        failed++;
        if (live) stderr.write('\r\x1b[K');
        stderr.write(`${pc.red('✖')} ${file.shown}: ${series.values.length} steps is too short to forecast with season ${season} (at least ${2 * season})\n`);
        continue;
      }
      const forecast = await forecastService({ values: series.values, horizon, season });
      const last = series.timestamps[series.timestamps.length - 1]!;
      const rows = ['timestamp,point,p50,p90'];
      for (let h = 0; h < horizon; h++) {
        rows.push(`${new Date(last + (h + 1) * series.stepMs).toISOString()},${num(forecast.point[h]!)},${num(forecast.p50[h]!)},${num(forecast.p90[h]!)}`);
      }
      const out = join(options.out, file.outName);
      writeFileSync(out, `${rows.join('\n')}\n`);
      summary.push({ file: file.shown, out, points: series.values.length, filled: series.filled, stepMs: series.stepMs, model: forecast.model, modelVersion: forecast.modelVersion });
    }
  } finally {
    unlisten();
    if (live) stderr.write('\r\x1b[K');
  }
  writeFileSync(join(options.out, 'summary.json'), `${JSON.stringify({ horizon, season, files: summary }, null, 2)}\n`);
  for (const s of summary) ctx.print(`${pc.green('✔')} ${String(s['file'])} → ${String(s['out'])}  ${pc.dim(`${String(s['model'])}${(s['filled'] as number) > 0 ? `, ${String(s['filled'])} missing steps interpolated` : ''}`)}`);
  ctx.print(`${summary.length} of ${files.length} series forecast ${horizon} steps ahead; summary in ${join(options.out, 'summary.json')}${failed > 0 ? `; ${failed} skipped (above)` : ''}`);
  ctx.exitCode = stopped ? 130 : failed > 0 ? 1 : 0;
}

function num(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(4);
}

interface CsvFile {
  path: string;
  shown: string;
  outName: string;
}

function listCsvs(input: string, outDir: string): CsvFile[] {
  const inputs = listCsvFiles(input, outDir);
  if (!inputs.folder) return [{ path: input, shown: input, outName: basename(input) }];
  return inputs.paths.map((path) => {
    const inner = innerPath(inputs, path);
    return { path, shown: join(input, inner), outName: inner.split(sep).join('__') };
  });
}
