/**
 * The telemetry daemon's own health in Prometheus form, in a registry of its own: packets,
 * lines, malformed lines by reason, series held and dropped, windows flushed, store writes and
 * failures, anomaly watch counts and the detector's time per window. Counters read the
 * aggregator's and watch's cumulative figures at scrape time. docs/telemetry.md lists each.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { AggregatorStats } from './rollup/types.js';
import { MALFORMED_REASONS } from './statsd/types.js';

export interface HealthSources {
  aggregator: () => AggregatorStats;
  watch: () => { watched: number; unwatched: number; points: number; firing: number };
  udpBytes: () => number;
}

export interface TelemetryHealth {
  registry: Registry;
  /** Seconds the detector took over one flushed window (all its series). */
  detectSeconds: Histogram;
  storeFailures: Counter;
  rollupsStored: Counter;
  rollupsDropped: Counter;
  rollupsTooOld: Counter;
  anomalies: Counter<'kind'>;
  incidentFailures: Counter;
}

export function createTelemetryHealth(src: HealthSources): TelemetryHealth {
  const registry = new Registry();
  const registers = [registry];
  // Cumulative figures are counters (reset, then set to the source's total at scrape time); levels are gauges.
  const fromStats = (name: string, help: string, read: (s: AggregatorStats) => number) =>
    name.endsWith('_total')
      ? new Counter({ name, help, registers, collect() { this.reset(); this.inc(read(src.aggregator())); } })
      : new Gauge({ name, help, registers, collect() { this.set(read(src.aggregator())); } });
  fromStats('swaybot_telemetry_packets_total', 'UDP packets received.', (s) => s.packets);
  fromStats('swaybot_telemetry_lines_total', 'Metric lines accepted.', (s) => s.linesAccepted);
  fromStats('swaybot_telemetry_series', 'Series held in the open window (gauges carried over included).', (s) => s.seriesActive);
  fromStats('swaybot_telemetry_series_dropped_total', 'Metrics dropped because their series was new and the series limit was reached.', (s) => s.droppedSeries);
  fromStats('swaybot_telemetry_timestamped_dropped_total', 'Timestamped metrics (|T…) dropped because too many waited for the next window.', (s) => s.droppedTimestamped);
  fromStats('swaybot_telemetry_set_members_dropped_total', 'Set members not counted because the set was full for the window.', (s) => s.droppedSetMembers);
  fromStats('swaybot_telemetry_windows_total', 'Flush windows closed.', (s) => s.windowsFlushed);
  new Counter({ name: 'swaybot_telemetry_bytes_total', help: 'UDP payload bytes received.', registers, collect() { this.reset(); this.inc(src.udpBytes()); } });
  new Counter({
    name: 'swaybot_telemetry_malformed_total',
    help: 'Metric lines skipped, by reason.',
    labelNames: ['reason'] as const,
    registers,
    collect() {
      const counts = src.aggregator().malformed;
      this.reset();
      for (const reason of MALFORMED_REASONS) this.inc({ reason }, counts[reason]);
    },
  });
  new Gauge({
    name: 'swaybot_telemetry_watched_series',
    help: 'Series with an anomaly detector (state=watched), over the watch limit (unwatched), firing now (firing).',
    labelNames: ['state'] as const,
    registers,
    collect() {
      const w = src.watch();
      this.set({ state: 'watched' }, w.watched);
      this.set({ state: 'unwatched' }, w.unwatched);
      this.set({ state: 'firing' }, w.firing);
    },
  });
  return {
    registry,
    detectSeconds: new Histogram({
      name: 'swaybot_telemetry_detect_seconds',
      help: 'Time the anomaly detector took over one flushed window (all its series).',
      buckets: [0.0001, 0.001, 0.01, 0.05, 0.1, 0.5, 1, 5],
      registers,
    }),
    storeFailures: new Counter({ name: 'swaybot_telemetry_store_failures_total', help: 'Rollup batches the store refused or could not write (kept and retried with the next window).', registers }),
    rollupsDropped: new Counter({ name: 'swaybot_telemetry_rollups_dropped_total', help: 'Rollups given up after the store failed for ten windows in a row (the oldest go first).', registers }),
    rollupsTooOld: new Counter({ name: 'swaybot_telemetry_rollups_too_old_total', help: 'Rollups not stored because they are older than the raw retention the store has already compacted (still scored by the detector).', registers }),
    rollupsStored: new Counter({ name: 'swaybot_telemetry_rollups_stored_total', help: 'Rollups written to the embedded store.', registers }),
    anomalies: new Counter({ name: 'swaybot_telemetry_anomalies_total', help: 'Anomaly state changes, by kind (firing, cleared).', labelNames: ['kind'] as const, registers }),
    incidentFailures: new Counter({ name: 'swaybot_telemetry_incident_failures_total', help: 'Anomalies that could not be handed to the incident workflow (retried with the next window).', registers }),
  };
}
