/**
 * The telemetry daemon inside a worker process: StatsD on UDP, the embedded store under
 * `<stateDir>/telemetry/`, `/metrics` over HTTP, and anomalies turned into incidents. A firing
 * series opens (or joins) the incident `incident-<service>-anomaly-<series hash>` through the same
 * `openOrJoin` as the alert receiver, with a PNG plot of its last hours; a cleared series sends
 * the matching resolved alert. Nothing here is in workflow history but the alert itself.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join, resolve } from 'node:path';
import type { Client } from '@temporalio/client';
import ms from 'ms';
import { openOrJoin } from '../client/incidents.js';
import type { Config } from '../config/schema.js';
import type { AlertInput } from '../incidents/types.js';
import { detectorFactory } from '../ml/detect/index.js';
import { TelemetryDaemon } from '../telemetry/daemon.js';
import { renderPlot } from '../telemetry/plot.js';
import { TimeSeriesStore } from '../telemetry/store/index.js';
import type { AnomalyEvent } from '../telemetry/watch.js';

export interface TelemetryService {
  daemon: TelemetryDaemon;
  store: TimeSeriesStore;
  /** `udp://127.0.0.1:8125`, one per listen address. */
  udpUrls: string[];
  metricsUrl: string;
  /** Counts a false positive on `series` (kept in `<stateDir>/telemetry/false-positives.json`); its new threshold. */
  falsePositive(series: string): Promise<number>;
  close(): Promise<void>;
}

export interface StartTelemetryOptions {
  client: Client;
  config: Config;
  taskQueue: string;
  /** Store file; default `<stateDir>/telemetry/metrics.duckdb`. `:memory:` for tests. */
  storePath?: string;
  log?: (level: 'info' | 'warn', message: string) => void;
  clock?: () => number;
}

export async function startTelemetry(options: StartTelemetryOptions): Promise<TelemetryService> {
  const { config, client, taskQueue } = options;
  const t = config.telemetry;
  const dir = resolve(config.stateDir, 'telemetry');
  mkdirSync(join(dir, 'plots'), { recursive: true });
  const store = await TimeSeriesStore.open(options.storePath ?? join(dir, 'metrics.duckdb'), { retention: t.retention });
  const toIncident = async (events: AnomalyEvent[]) => {
    for (const e of events) {
      const alert = await anomalyAlert(e, { store, dir, plotHours: t.detection.plotHours, severity: t.detection.severity });
      await openOrJoin(client, { taskQueue, config, alert });
      options.log?.('info', `telemetry: ${e.kind === 'firing' ? 'anomaly' : 'cleared'} on ${e.series} (score ${e.score.toFixed(2)}) → ${alert.service} incident`);
    }
  };
  let daemon: TelemetryDaemon;
  try {
    daemon = await TelemetryDaemon.start({
      hosts: t.listen,
      port: t.port,
      aggregator: { windowMs: ms(t.window as ms.StringValue), percentiles: t.percentiles, maxSeries: t.maxSeries },
      receiveBufferBytes: 8 * 1024 * 1024,
      store,
      detector: detectorFactory(),
      watch: { threshold: t.detection.threshold, clearBelow: t.detection.clearBelow, clearAfter: t.detection.clearAfter, falsePositiveRaise: t.detection.falsePositiveRaise },
      ...(t.detection.enabled ? { onAnomaly: toIncident } : {}),
      ...(options.log ? { log: options.log } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
    });
  } catch (err) {
    await store.close();
    throw err;
  }
  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/metrics') {
      daemon.metrics().then(
        (text) => res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }).end(text),
        (err: Error) => res.writeHead(500).end(err.message),
      );
    } else res.writeHead(404, { 'content-type': 'text/plain' }).end('GET /metrics\n');
  });
  // Retention: raw windows roll into downsampled buckets, old buckets go; at start and hourly.
  const compact = () =>
    store.compact().then(
      (r) => (r.rolled + r.expired > 0 ? options.log?.('info', `telemetry: compacted the store (${r.rolled} windows rolled into ${r.buckets} buckets, ${r.expired} expired)`) : undefined),
      (err: Error) => options.log?.('warn', `telemetry: compaction failed (tried again in an hour): ${err.message}`),
    );
  void compact();
  const compaction = setInterval(() => void compact(), 3_600_000).unref();
  const fpFile = join(dir, 'false-positives.json');
  const falsePositives = readCounts(fpFile);
  daemon.watch.restoreFalsePositives(Object.entries(falsePositives));
  const metricsUrl = await listenHttp(server, t.metricsPort).catch(async (err: unknown) => {
    await daemon.stop();
    await store.close();
    throw err;
  });
  return {
    daemon,
    store,
    udpUrls: daemon.addresses.map((a) => `udp://${a.host.includes(':') ? `[${a.host}]` : a.host}:${a.port}`),
    metricsUrl,
    async falsePositive(series) {
      falsePositives[series] = (falsePositives[series] ?? 0) + 1;
      writeFileSync(fpFile, `${JSON.stringify(falsePositives, null, 2)}\n`);
      const threshold = daemon.watch.falsePositive(series);
      options.log?.('info', `telemetry: false positive on ${series}: threshold now ${threshold.toFixed(2)}`);
      return threshold;
    },
    async close() {
      clearInterval(compaction);
      await new Promise<void>((done) => server.close(() => done()));
      await daemon.stop();
      await store.close();
    },
  };
}

/** `alertname` of anomaly alerts (the incident workflow recognises it for false-positive feedback). */
export const TELEMETRY_ALERT = 'TelemetryAnomaly';

/** False-positive counts by series, as saved; a missing or unreadable file is none. */
function readCounts(file: string): Record<string, number> {
  try {
    const value = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    if (typeof value !== 'object' || value === null) return {};
    return Object.fromEntries(Object.entries(value).filter((e): e is [string, number] => typeof e[1] === 'number' && e[1] > 0));
  } catch {
    return {};
  }
}

/** The incident's key for a series: stable, short, the same for every anomaly of that series. */
export function anomalyKey(series: string): string {
  return `anomaly-${createHash('sha256').update(series).digest('hex').slice(0, 16)}`;
}

interface AlertContext {
  store: TimeSeriesStore;
  dir: string;
  plotHours: number;
  severity: string;
}

/** The alert an anomaly event sends: labels from the series' tags, the score and plot as annotations. */
export async function anomalyAlert(e: AnomalyEvent, ctx: AlertContext): Promise<AlertInput> {
  const service = e.tags['service'] ?? e.tags['host'] ?? e.name.split('.')[0] ?? 'unknown';
  const now = new Date().toISOString();
  const annotations: Record<string, string> = {
    summary: `${e.name} ${e.kind === 'firing' ? 'is anomalous' : 'is back to normal'} (score ${e.score.toFixed(2)}, threshold ${e.threshold.toFixed(2)}, value ${e.value})`,
    series: e.series,
    score: e.score.toFixed(3),
    threshold: e.threshold.toFixed(3),
    value: String(e.value),
  };
  if (e.kind === 'firing') {
    const plot = await plotFor(e, ctx).catch(() => undefined);
    if (plot) annotations['plot'] = plot;
  }
  return {
    source: 'telemetry',
    service,
    dedupeKey: anomalyKey(e.series),
    name: `Anomaly ${e.name}`,
    status: e.kind === 'firing' ? 'firing' : 'resolved',
    severity: e.tags['severity'] ?? ctx.severity,
    labels: { ...e.tags, alertname: TELEMETRY_ALERT, metric: e.name, service, series: e.series },
    annotations,
    startsAt: new Date(e.at).toISOString(),
    ...(e.kind === 'cleared' ? { endsAt: new Date(e.at).toISOString() } : {}),
    receivedAt: now,
  };
}

async function plotFor(e: AnomalyEvent, ctx: AlertContext): Promise<string> {
  const from = e.at - ctx.plotHours * 3_600_000;
  const [found] = await ctx.store.query({ series: e.series, from, to: e.at + 1 });
  const stored = (found?.points ?? []).map((p) => ({ t: p.t, value: p.value }));
  // A replay of old data is older than the store keeps raw: the detector's own memory of the series then.
  const points = stored.length >= Math.min(e.recent.length, 10) ? stored : e.recent;
  const tags = Object.entries(e.tags).map(([k, v]) => `${k}=${v}`).join(',');
  const png = await renderPlot({ title: tags ? `${e.name}{${tags}}` : e.name, points, anomaly: { t: e.at, value: e.value, score: e.score } });
  const file = join(ctx.dir, 'plots', `${anomalyKey(e.series)}-${e.at}.png`);
  writeFileSync(file, png);
  return file;
}

function listenHttp(server: Server, port: number): Promise<string> {
  return new Promise((done, fail) => {
    server.once('error', (err: NodeJS.ErrnoException) => fail(new Error(`cannot serve telemetry /metrics on 127.0.0.1:${port}: ${err.code ?? err.message}`)));
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      done(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}/metrics`);
    });
  });
}
