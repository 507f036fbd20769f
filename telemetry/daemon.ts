/**
 * The telemetry daemon: StatsD over UDP → flush windows → the embedded store, the Prometheus
 * exposition and the anomaly watch. Each closed window is handled in order, one at a time: the
 * rollups are exposed, scored, written to the store and the watch's state changes handed to
 * `onAnomaly` (which opens or joins incidents). A store write or hand-off that fails is kept and
 * tried again with the next window, counted; `stop()` (SIGTERM) closes the sockets, drains the
 * open window and writes it, so nothing accepted is lost. Pure of Temporal: the worker wires it.
 */
import type { DetectorFactory } from '../ml/detect/types.js';
import { Exposition } from './exposition.js';
import { createTelemetryHealth, type TelemetryHealth } from './health.js';
import { Aggregator } from './rollup/aggregator.js';
import type { AggregatorOptions, Rollup } from './rollup/types.js';
import type { TimeSeriesStore } from './store/store.js';
import { listenUdp, type UdpListener } from './udp.js';
import { AnomalyWatch, type AnomalyEvent, type WatchOptions } from './watch.js';

export interface TelemetryDaemonOptions {
  hosts: readonly string[];
  port: number;
  aggregator?: AggregatorOptions;
  receiveBufferBytes?: number;
  store?: TimeSeriesStore;
  detector: DetectorFactory;
  watch?: Partial<WatchOptions>;
  /** Hands anomaly state changes on; a rejection keeps them for the next window. */
  onAnomaly?: (events: AnomalyEvent[]) => Promise<void>;
  /** Called after each window is handled (tests and progress output). */
  onWindow?: (summary: WindowSummary) => void;
  log?: (level: 'info' | 'warn', message: string) => void;
  clock?: () => number;
}

export interface WindowSummary {
  end: number;
  rollups: number;
  events: AnomalyEvent[];
  stored: boolean;
}

export class TelemetryDaemon {
  readonly aggregator: Aggregator;
  readonly watch: AnomalyWatch;
  readonly exposition = new Exposition();
  readonly health: TelemetryHealth;
  #udp: UdpListener | undefined;
  #timer: NodeJS.Timeout | undefined;
  #chain: Promise<void> = Promise.resolve();
  #unstored: Rollup[] = [];
  #unsent: AnomalyEvent[] = [];
  #bytes = 0;
  #stopped = false;
  readonly #o: TelemetryDaemonOptions;
  readonly #clock: () => number;

  private constructor(options: TelemetryDaemonOptions) {
    this.#o = options;
    this.#clock = options.clock ?? Date.now;
    this.aggregator = new Aggregator(options.aggregator, this.#clock);
    this.watch = new AnomalyWatch(options.detector, options.watch);
    this.health = createTelemetryHealth({ aggregator: () => this.aggregator.stats(), watch: () => this.watch.stats(), udpBytes: () => this.#bytes });
  }

  /** Binds the UDP sockets and starts the flush timer. */
  static async start(options: TelemetryDaemonOptions): Promise<TelemetryDaemon> {
    const daemon = new TelemetryDaemon(options);
    daemon.#udp = await listenUdp({
      hosts: options.hosts,
      port: options.port,
      ...(options.receiveBufferBytes !== undefined ? { receiveBufferBytes: options.receiveBufferBytes } : {}),
      onPacket: (packet) => {
        daemon.#bytes += packet.length;
        daemon.aggregator.ingestBytes(packet);
      },
      onError: (err, host) => options.log?.('warn', `telemetry: UDP socket on ${host}: ${err.message}`),
    });
    daemon.#schedule();
    return daemon;
  }

  get addresses(): readonly { host: string; port: number }[] {
    return this.#udp?.addresses ?? [];
  }

  /** Prometheus text: the daemon's health, then the aggregated series. */
  async metrics(): Promise<string> {
    return `${await this.health.registry.metrics()}${this.exposition.text()}`;
  }

  /** Closes the open window now and handles it (tests, and `stop`). */
  flushNow(): Promise<void> {
    return this.#enqueue(this.aggregator.flush(this.#clock()));
  }

  /** Stops receiving, drains the open window into the store, hands on what is pending. */
  async stop(): Promise<void> {
    if (this.#stopped) return this.#chain;
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#udp?.close();
    await this.#enqueue(this.aggregator.drain(this.#clock()));
  }

  #schedule(): void {
    if (this.#stopped) return;
    const wait = Math.max(0, this.aggregator.window.end - this.#clock());
    this.#timer = setTimeout(() => {
      const rollups = this.aggregator.tick(this.#clock());
      void this.#enqueue(rollups).finally(() => this.#schedule());
    }, wait + 1);
    this.#timer.unref();
  }

  #enqueue(rollups: Rollup[]): Promise<void> {
    this.#chain = this.#chain.then(() => this.#handle(rollups));
    return this.#chain;
  }

  async #handle(rollups: Rollup[]): Promise<void> {
    const started = performance.now();
    this.exposition.update(rollups, this.#clock());
    const events = this.watch.observe(rollups);
    this.health.detectSeconds.observe((performance.now() - started) / 1000);
    for (const e of events) this.health.anomalies.inc({ kind: e.kind });
    const stored = await this.#store(rollups);
    await this.#handOn(events);
    this.#o.onWindow?.({ end: rollups[0]?.end ?? this.#clock(), rollups: rollups.length, events, stored });
  }

  async #store(rollups: Rollup[]): Promise<boolean> {
    const store = this.#o.store;
    if (store === undefined) return false;
    const batch = [...this.#unstored, ...rollups];
    if (batch.length === 0) return true;
    try {
      const result = await store.append(batch);
      this.#unstored = [];
      this.health.rollupsStored.inc(result.written + result.replaced);
      // Older than what the store already compacted away (a replay of old data): counted, not stored.
      if (result.skipped > 0) this.health.rollupsTooOld.inc(result.skipped);
      return true;
    } catch (err) {
      this.health.storeFailures.inc();
      // Keep what failed for the next window, bounded: past ten windows' worth the oldest go (counted).
      const cap = 10 * Math.max(rollups.length, 1000);
      if (batch.length > cap) this.health.rollupsDropped.inc(batch.length - cap);
      this.#unstored = batch.slice(-cap);
      this.#o.log?.('warn', `telemetry: could not store ${batch.length} rollups (kept for the next window): ${(err as Error).message}`);
      return false;
    }
  }

  async #handOn(events: AnomalyEvent[]): Promise<void> {
    const pending = [...this.#unsent, ...events];
    if (pending.length === 0 || this.#o.onAnomaly === undefined) return;
    try {
      await this.#o.onAnomaly(pending);
      this.#unsent = [];
    } catch (err) {
      this.health.incidentFailures.inc();
      this.#unsent = pending.slice(-1000);
      this.#o.log?.('warn', `telemetry: ${pending.length} anomaly events not handed on yet (retried next window): ${(err as Error).message}`);
    }
  }
}
