/**
 * A real Prometheus for the capacity tests, holding history written before it starts: the
 * samples are backfilled with `promtool tsdb create-blocks-from openmetrics` into a throwaway
 * TSDB folder, then Prometheus serves them on a free loopback port with our own minimal config
 * (no scrape targets) and a retention long enough to keep them (../shared/docs/peers.md §5).
 * Keep backfilled history ≥ 3 h in the past: the head block may still cover the last hours.
 * Bootstrap installs it (Debian `prometheus`); where it is missing the tests skip, saying how
 * to install it, except under CI, where that fails.
 */
import { execFile, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../devstack/ports.js';
import { isCi } from './shared-data.js';

/** The command that installs it, as bootstrap runs it. */
export const PROMETHEUS_INSTALL = 'sudo apt-get install -y prometheus';

export type PrometheusBinaries = { prometheus: string; promtool: string; missing?: undefined } | { prometheus?: undefined; promtool?: undefined; missing: string };

/**
 * `prometheus` and `promtool`: both in `$SWAYBOT_PROMETHEUS_BIN_DIR`, else on PATH. Missing:
 * outside CI, why and how to install them; under CI, throws that.
 */
export function findPrometheus(env: NodeJS.ProcessEnv = process.env): PrometheusBinaries {
  const explicit = env['SWAYBOT_PROMETHEUS_BIN_DIR'];
  const dirs = explicit ? [explicit] : (env['PATH'] ?? '').split(delimiter).filter(Boolean);
  const which = (name: string) => dirs.map((d) => join(d, name)).find((p) => existsSync(p));
  const prometheus = which('prometheus');
  const promtool = which('promtool');
  if (prometheus && promtool) return { prometheus, promtool };
  const missing = explicit
    ? `SWAYBOT_PROMETHEUS_BIN_DIR=${explicit} does not hold both prometheus and promtool`
    : `prometheus and promtool not found on PATH. Install them: ${PROMETHEUS_INSTALL} (npm run bootstrap does this as root), or set SWAYBOT_PROMETHEUS_BIN_DIR`;
  if (isCi(env)) throw new Error(`${missing}. CI runs the Prometheus tests, so a missing Prometheus fails the run.`);
  return { missing };
}

const warned = new Set<string>();

/** `findPrometheus`, printing `[file] not run: reason` once when it is missing; use with `describe.runIf`. */
export function prometheusFor(file: string): PrometheusBinaries {
  const found = findPrometheus();
  if (found.missing !== undefined && !warned.has(file)) {
    warned.add(file);
    console.warn(`[${file}] not run: ${found.missing}`);
  }
  return found;
}

/** One sample of history. */
export interface Sample {
  metric: string;
  labels?: Record<string, string>;
  /** Epoch ms (whole seconds are kept; OpenMetrics takes seconds). */
  t: number;
  value: number;
}

/** OpenMetrics text for promtool: each metric a gauge family, each series' samples in time order, `# EOF` last. */
export function toOpenMetrics(samples: readonly Sample[]): string {
  const families = new Map<string, Map<string, Sample[]>>();
  for (const s of samples) {
    if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(s.metric)) throw new Error(`not a metric name: ${s.metric}`);
    const labels = Object.entries(s.labels ?? {})
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`)
      .join(',');
    const family = families.get(s.metric) ?? new Map<string, Sample[]>();
    families.set(s.metric, family);
    const series = family.get(labels) ?? [];
    family.set(labels, series);
    series.push(s);
  }
  const lines: string[] = [];
  for (const [name, family] of families) {
    lines.push(`# HELP ${name} Backfilled test history.`, `# TYPE ${name} gauge`);
    for (const [labels, series] of family) {
      for (const s of [...series].sort((a, b) => a.t - b.t)) lines.push(`${name}${labels ? `{${labels}}` : ''} ${s.value} ${Math.floor(s.t / 1000)}`);
    }
  }
  lines.push('# EOF', '');
  return lines.join('\n');
}

export interface PrometheusOptions {
  /** History to backfill: OpenMetrics text (ending in `# EOF`, timestamps in seconds) or samples. */
  history: string | readonly Sample[];
  /** Folder for the TSDB, config and log (default: a new temp folder, removed by `stop`). */
  dir?: string;
  binaries?: { prometheus: string; promtool: string };
  /** How long to wait for `/-/ready` (default 60 s). */
  readyTimeoutMs?: number;
}

export interface RunningPrometheus {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  dir: string;
  /** Stops it (SIGTERM, then SIGKILL after 5 s), waits for it to exit, and removes the folder it made. */
  stop(): Promise<void>;
}

/** Oldest sample of OpenMetrics text, epoch ms (its timestamps are seconds). */
function oldest(text: string): number | undefined {
  let min: number | undefined;
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const t = Number(line.trim().split(/\s+/).at(-1));
    if (Number.isFinite(t) && (min === undefined || t < min)) min = t;
  }
  return min === undefined ? undefined : min * 1000;
}

/** Backfills `history`, starts Prometheus on a free loopback port, and resolves once it is ready. */
export async function startPrometheus(options: PrometheusOptions): Promise<RunningPrometheus> {
  const found = options.binaries ?? findPrometheus();
  if (found.prometheus === undefined || found.promtool === undefined) throw new Error('missing' in found ? found.missing : 'prometheus / promtool not found');
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'swaybot-prometheus-'));
  const tsdb = join(dir, 'tsdb');
  mkdirSync(tsdb, { recursive: true });

  const text = typeof options.history === 'string' ? options.history : toOpenMetrics(options.history);
  const input = join(dir, 'history.om');
  writeFileSync(input, text);
  try {
    // Day-long blocks (a hidden flag in 2.42): a tenth of the default 2 h blocks for the same history.
    await promisify(execFile)(found.promtool, ['tsdb', 'create-blocks-from', 'openmetrics', '--max-block-duration=24h', input, tsdb], { timeout: 120_000 });
  } catch (err) {
    const e = err as { stderr?: string; stdout?: string; message: string };
    throw new Error(`promtool could not backfill ${input}: ${e.stderr || e.stdout || e.message}`, { cause: err });
  }

  // Prometheus deletes blocks older than its retention: keep everything backfilled, and two days more.
  const first = oldest(text) ?? Date.now();
  const retentionHours = Math.ceil((Date.now() - first) / 3_600_000) + 48;
  const configFile = join(dir, 'prometheus.yml');
  writeFileSync(configFile, ['global:', '  scrape_interval: 1m', '  evaluation_interval: 1m', 'scrape_configs: []', ''].join('\n'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const logFile = join(dir, 'prometheus.log');
  const out = openSync(logFile, 'a');
  const child = spawn(
    found.prometheus,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${tsdb}`,
      `--storage.tsdb.retention.time=${retentionHours}h`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', out, out] },
  );
  closeSync(out);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const logTail = () => readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n');
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
  };

  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`Prometheus exited before it was ready:\n${logTail()}`);
    const ready = await fetch(`${url}/-/ready`).then((r) => r.ok, () => false);
    if (ready) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Prometheus not ready on ${url} in time:\n${logTail()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    url,
    dir,
    async stop() {
      await stop();
      if (ownDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
