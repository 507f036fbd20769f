/**
 * `swaybot telemetry replay <csv>`: sends a recorded `timestamp,value` series to a telemetry daemon
 * as DogStatsD gauges with their own time, `name:value|g|#tags|T<unix seconds>` (`replayLines` of
 * telemetry/replay.ts), shifted so that the series ends now (t' = t + (now − t_last)). Paced by
 * `--speed`: at Nx a point leaves every Δt / N; `max` sends at the safe rate cap (telemetry-pace.ts).
 * The daemon scores each timestamped point as its own window, so the pace does not change what the
 * detector sees, only how long the replay takes.
 */
import { basename } from 'node:path';
import pc from 'picocolors';
import type { CliContext } from '../context.js';
import { CliError } from '../errors.js';
import { quote } from '../next-steps.js';
import { readSeriesCsv, SeriesCsvError, type SeriesCsv } from './telemetry-csv.js';
import { checkMetricName, defaultMetricName, defaultService, parseSpeed, parseTags, parseWhole, resolveDestination } from './telemetry-replay-args.js';

export interface ReplayOptions {
  speed: string;
  to?: string;
  name?: string;
  tag: string[];
  from: string;
  limit?: string;
}

export async function replayAction(file: string, options: ReplayOptions, ctx: CliContext): Promise<void> {
  const speed = parseSpeed(options.speed);
  const from = parseWhole('--from', options.from, 1);
  const limit = options.limit === undefined ? undefined : parseWhole('--limit', options.limit, 1);
  const stem = basename(file).replace(/\.csv$/i, '');
  const name = checkMetricName(options.name ?? defaultMetricName(stem));
  const tags = { service: defaultService(stem), ...parseTags(options.tag) };
  const series = select(read(file), from, limit, file);
  const dest = await resolveDestination(options.to, ctx.io.env);
  const [{ replayLines }, { promName }, { replaySchedule, sendPaced, MAX_LINES_PER_SECOND }] = await Promise.all([
    import('../../telemetry/replay.js'),
    import('../../telemetry/exposition.js'),
    import('./telemetry-pace.js'),
  ]);
  const n = series.values.length;
  const endAt = Date.now();
  const points = series.timestamps.map((t, i) => ({ t, value: series.values[i]! }));
  const lines = replayLines(points, name, tags, endAt);
  const schedule = replaySchedule(series.timestamps, speed);
  const tagText = Object.entries(tags).map(([k, v]) => `${k}:${v}`).join(',');
  ctx.print(`Replaying ${plural(n, 'point')} of ${file} (rows ${count(from)}–${count(from + n - 1)}: ${series.stamps[0]} → ${series.stamps[n - 1]})`);
  ctx.print(`  as ${pc.bold(name)}|g|#${tagText}, shifted to end now (${new Date(endAt).toISOString().replace(/\.\d+Z$/, 'Z')})`);
  const pace = speed === 'max' ? `at max speed (${count(MAX_LINES_PER_SECOND)} points/s)` : `at ${speed}x (a point every ${seconds(medianStep(series.timestamps) / speed)}, about ${seconds(schedule[n - 1]!)} in all)`;
  ctx.print(`  to ${dest.url} (${dest.source}) ${pace}`);

  const { stderr } = ctx.io;
  const live = stderr.isTTY === true;
  const stop = new AbortController();
  const unlisten = ctx.io.onStop(() => stop.abort());
  const started = performance.now();
  let drawn = 0;
  const draw = (sent: number) => {
    const now = performance.now();
    if (!live || (now - drawn < 100 && sent < n)) return;
    drawn = now;
    const elapsed = (now - started) / 1000;
    // The rate means something once a few batches went.
    const rate = elapsed >= 0.5 ? ` · ${count(Math.round(sent / elapsed))} points/s` : '';
    const line = `replaying ${count(sent)}/${count(n)} points (${Math.floor((sent / n) * 100)}%)${rate}`;
    stderr.write(`\r\x1b[K${line.slice(0, (stderr.columns || 80) - 1)}`);
  };
  let result;
  try {
    result = await sendPaced(lines, schedule, { host: dest.address, port: dest.port, family: dest.family, onProgress: draw, signal: stop.signal });
  } catch (err) {
    throw new CliError(`Could not send to ${dest.url}: ${(err as Error).message}`);
  } finally {
    unlisten();
    if (live) stderr.write('\r\x1b[K');
  }
  const rate = result.lines / Math.max(0.001, result.seconds);
  const sent = `${plural(result.lines, 'point')} in ${plural(result.packets, 'packet')} over ${result.seconds.toFixed(1)} s (${count(Math.round(rate))} points/s) to ${dest.url}`;
  if (stop.signal.aborted) {
    ctx.print(`Stopped: sent ${sent}; ${plural(n - result.lines, 'point')} not sent`);
    ctx.exitCode = 130;
    return;
  }
  ctx.print(`${pc.green('✔')} Sent ${sent}`);
  // The daemon names the incident's service after the `service` tag (always set here).
  const service = tags.service;
  ctx.print(`Next: the daemon scores the points when its flush window closes (telemetry.window, 10s by default); a score at or above`);
  ctx.print(`telemetry.detection.threshold opens (or joins) an incident of service ${service}:`);
  ctx.print(`  npx swaybot incident list --service ${quote(service)}`);
  if (dest.metrics) ctx.print(`  curl -s ${dest.metrics} | grep ${promName(name)}`);
}

function read(file: string): SeriesCsv {
  try {
    return readSeriesCsv(file);
  } catch (err) {
    if (err instanceof SeriesCsvError) throw new CliError(err.message);
    throw err;
  }
}

/** Rows `from` (1-based) on, at most `limit` of them. */
function select(series: SeriesCsv, from: number, limit: number | undefined, file: string): SeriesCsv {
  const total = series.values.length;
  if (from > total) throw new CliError(`Unexpected --from ${from}: ${file} has ${count(total)} rows`, 2);
  const end = limit === undefined ? total : Math.min(total, from - 1 + limit);
  return { stamps: series.stamps.slice(from - 1, end), timestamps: series.timestamps.slice(from - 1, end), values: series.values.slice(from - 1, end), lines: series.lines.slice(from - 1, end) };
}

/** The series' usual step (the median gap between points), ms. */
function medianStep(timestamps: readonly number[]): number {
  const gaps = timestamps.slice(1).map((t, i) => t - timestamps[i]!).sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)] ?? 0;
}

function seconds(ms: number): string {
  const s = ms / 1000;
  if (s < 60) return `${Number(s.toFixed(s < 10 ? 2 : 1))} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
}

const count = (n: number): string => n.toLocaleString('en-US');
const plural = (n: number, word: string): string => `${count(n)} ${word}${n === 1 ? '' : 's'}`;
