/**
 * The flush-window aggregator: parsed metrics go into the open window, one `SeriesState` per
 * series; `tick(now)` closes the window once its (epoch-aligned) end has passed, `flush(now)`
 * closes it at `now`, `drain()` closes it on shutdown so nothing accepted is lost. The clock is
 * injected and only read when a method is called without `now`, so tests are deterministic.
 *
 * After a window closes, a series with no metric in it is forgotten, except gauges: like Etsy
 * statsd they keep their level and are reported every window, for `gaugeIdleWindows` windows
 * without an update. At most `maxSeries` series are held; a metric whose series is new when the
 * limit is reached is dropped and counted (`droppedSeries`), while held series carry on.
 */
import { isUtf8 } from 'node:buffer';
import { parseRange } from '../statsd/line.js';
import { parsePacket } from '../statsd/packet.js';
import { DEFAULT_LIMITS, emptyCounts, type Metric, type PacketResult, type ParseLimits } from '../statsd/types.js';
import { checkPercentiles, mulberry32 } from './sampling.js';
import { APPLY_COUNTER, APPLY_GAUGE, APPLY_SAMPLED, LineMemo, scanLine, type FastLine, type MemoEntry } from './line-memo.js';
import { SeriesIndex } from './series-index.js';
import { SeriesState } from './series-state.js';
import type { AggregatorOptions, AggregatorStats, Rollup } from './types.js';

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  return value;
}

export class Aggregator {
  readonly #clock: () => number;
  readonly #windowMs: number;
  readonly #percentiles: readonly number[];
  readonly #maxSeries: number;
  readonly #maxTimestamped: number;
  readonly #maxSamples: number;
  readonly #maxSetMembers: number;
  readonly #gaugeIdleWindows: number;
  readonly #random: () => number;
  readonly #series = new SeriesIndex();
  #timestamped: Rollup[] = [];
  readonly #memo: LineMemo;
  readonly #line: FastLine = { colon: 0, bar: 0, value: 0, hash: 0, end: 0, next: 0 };
  readonly #one = [0];
  readonly #stats: Omit<AggregatorStats, 'seriesActive'>;
  #start: number;
  #end: number;

  constructor(options: AggregatorOptions = {}, clock: () => number = Date.now) {
    const { windowMs = 10_000, percentiles = [50, 90, 95, 99], maxSeries = 10_000, maxSamples = 1024 } = options;
    const { maxSetMembers = 10_000, gaugeIdleWindows = 360, seed = 0x5eed } = options;
    this.#windowMs = positiveInteger('windowMs', windowMs);
    this.#percentiles = checkPercentiles(percentiles);
    this.#maxSeries = positiveInteger('maxSeries', maxSeries);
    this.#maxTimestamped = positiveInteger('maxTimestamped', options.maxTimestamped ?? 200_000);
    this.#memo = new LineMemo(2 * this.#maxSeries);
    this.#maxSamples = positiveInteger('maxSamples', maxSamples);
    this.#maxSetMembers = positiveInteger('maxSetMembers', maxSetMembers);
    if (!(gaugeIdleWindows >= 0)) throw new RangeError(`gaugeIdleWindows must be zero or more, got ${gaugeIdleWindows}`);
    this.#gaugeIdleWindows = gaugeIdleWindows;
    this.#random = mulberry32(seed);
    this.#clock = clock;
    this.#stats = {
      packets: 0,
      linesAccepted: 0,
      linesMalformed: 0,
      malformed: emptyCounts(),
      droppedSeries: 0,
      droppedTimestamped: 0,
      droppedSetMembers: 0,
      samplesNotKept: 0,
      windowsFlushed: 0,
      rollupsEmitted: 0,
    };
    this.#start = clock();
    this.#end = this.#nextBoundary(this.#start);
  }

  /** The open window, `[start, end)`: `end` is where `tick` will close it. */
  get window(): { start: number; end: number } {
    return { start: this.#start, end: this.#end };
  }

  /** Parses a packet and adds what it holds; returns the parse result. */
  ingest(packet: Uint8Array | string, limits: ParseLimits = DEFAULT_LIMITS): PacketResult {
    const result = parsePacket(packet, limits);
    this.accept(result);
    return result;
  }

  /**
   * What `ingest` does, faster, for a packet of bytes (the daemon's path): a line whose identity was
   * seen before and whose value is a plain decimal goes straight to its series (line-memo.ts); every
   * other line takes the full parser. The rollups and counters are the same as `ingest`'s (tested
   * against it); only the per-line `PacketResult` is not built.
   */
  ingestBytes(bytes: Buffer, limits: ParseLimits = DEFAULT_LIMITS): void {
    const stats = this.#stats;
    stats.packets++;
    const line = this.#line;
    const length = bytes.length;
    let pos = 0;
    while (pos <= length) {
      const plain = scanLine(bytes, pos, length, line);
      const end = line.end;
      const next = line.next;
      if (end > pos) {
        const entry = plain && end - pos <= limits.maxLineLength ? this.#memo.find(bytes, pos, end, line) : undefined;
        if (entry !== undefined) {
          stats.linesAccepted++;
          this.#applyRemembered(entry, line.value);
        } else this.#slowLine(bytes, pos, end, limits, plain && end - pos <= limits.maxLineLength);
      }
      pos = next;
    }
  }

  #applyRemembered(entry: MemoEntry, value: number): void {
    const state = entry.state;
    const one = this.#one;
    one[0] = value;
    if (entry.apply === APPLY_COUNTER) state.addCounter(one, entry.rate);
    else if (entry.apply === APPLY_GAUGE) {
      state.setGauge(value, false);
      state.idle = 0;
    } else this.#stats.samplesNotKept += state.addSamples(one, entry.rate, this.#maxSamples, this.#random);
  }

  /** One line through the full parser; a plain line's identity is remembered for the fast path. */
  #slowLine(bytes: Buffer, start: number, end: number, limits: ParseLimits, plain: boolean): void {
    // The line exactly as the packet splitter cut it (its `\r` already dropped): parsed as is.
    const raw = bytes.subarray(start, end);
    const stats = this.#stats;
    let parsed: ReturnType<typeof parseRange> = 'not-utf8';
    if (isUtf8(raw)) {
      const text = raw.toString('utf8');
      parsed = parseRange(text, 0, text.length, limits);
    }
    if (typeof parsed === 'string') {
      stats.linesMalformed++;
      stats.malformed[parsed]++;
      return;
    }
    const metric = parsed;
    stats.linesAccepted++;
    if (!this.add(metric) || !plain || metric.timestamp !== null || metric.type === 'set') return;
    const state = this.#series.get(metric);
    if (state === undefined) return;
    const apply = metric.type === 'counter' ? APPLY_COUNTER : metric.type === 'gauge' ? APPLY_GAUGE : APPLY_SAMPLED;
    this.#memo.remember(bytes, start, end, this.#line, state, metric.sampleRate, apply);
  }

  /** Counts a packet parsed elsewhere and adds its metrics. */
  accept(result: PacketResult): void {
    const stats = this.#stats;
    stats.packets++;
    stats.linesAccepted += result.metrics.length;
    stats.linesMalformed += result.rejected;
    if (result.rejected > 0) for (const [reason, n] of Object.entries(result.malformed)) stats.malformed[reason as keyof typeof stats.malformed] += n;
    for (const metric of result.metrics) this.add(metric);
  }

  /** Adds one metric to the open window; false when it was dropped by the series limit. */
  add(metric: Metric): boolean {
    if (metric.timestamp !== null) return this.#addTimestamped(metric);
    let state = this.#series.get(metric);
    if (state === undefined) {
      if (this.#series.size >= this.#maxSeries) {
        this.#stats.droppedSeries++;
        return false;
      }
      state = new SeriesState(metric);
      this.#series.add(state);
    }
    this.#apply(state, metric);
    return true;
  }

  /**
   * A metric with its own time (DogStatsD `|T<unix seconds>`) is not aggregated, as DogStatsD does:
   * it becomes one rollup `[T, T + window)` of its own, handed out with the next closed window in
   * time order (replays of recorded series send these). At most `maxTimestamped` wait; more are dropped, counted.
   */
  #addTimestamped(metric: Metric): boolean {
    if (this.#timestamped.length >= this.#maxTimestamped) {
      this.#stats.droppedTimestamped++;
      return false;
    }
    const state = new SeriesState(metric);
    this.#apply(state, metric);
    const start = metric.timestamp! * 1000;
    this.#timestamped.push(state.rollup(start, start + this.#windowMs, this.#percentiles));
    return true;
  }

  #apply(state: SeriesState, metric: Metric): void {
    switch (metric.type) {
      case 'counter':
        state.addCounter(metric.values, metric.sampleRate);
        break;
      case 'gauge':
        state.setGauge(metric.value, metric.delta);
        state.idle = 0;
        break;
      case 'set':
        if (!state.addMember(metric.member, this.#maxSetMembers)) this.#stats.droppedSetMembers++;
        break;
      default:
        this.#stats.samplesNotKept += state.addSamples(metric.values, metric.sampleRate, this.#maxSamples, this.#random);
    }
  }

  /** Closes the open window if its end has passed (at that end); the next one holds `now`. */
  tick(now: number = this.#clock()): Rollup[] {
    if (now < this.#end) return [];
    const rollups = this.#close(this.#end);
    this.#start = Math.floor(now / this.#windowMs) * this.#windowMs;
    this.#end = this.#start + this.#windowMs;
    return rollups;
  }

  /** Closes the open window at `now`, whatever its nominal end; the next one starts there. */
  flush(now: number = this.#clock()): Rollup[] {
    const end = Math.max(now, this.#start);
    const rollups = this.#close(end);
    this.#start = end;
    this.#end = this.#nextBoundary(end);
    return rollups;
  }

  /** Everything pending, for shutdown (SIGTERM): `flush` at `now`. */
  drain(now: number = this.#clock()): Rollup[] {
    return this.flush(now);
  }

  /** A snapshot of the counters. */
  stats(): AggregatorStats {
    const s = this.#stats;
    return { ...s, malformed: { ...s.malformed }, seriesActive: this.#series.size };
  }

  #nextBoundary(t: number): number {
    return Math.floor(t / this.#windowMs) * this.#windowMs + this.#windowMs;
  }

  #close(end: number): Rollup[] {
    const rollups: Rollup[] = this.#timestamped.sort((a, b) => a.start - b.start);
    this.#timestamped = [];
    for (const state of this.#series.values()) {
      if (state.updates > 0) {
        rollups.push(state.rollup(this.#start, end, this.#percentiles));
        state.idle = 0;
        state.reset();
      } else if (state.type === 'gauge' && state.hasLast && ++state.idle <= this.#gaugeIdleWindows) {
        rollups.push(state.rollup(this.#start, end, this.#percentiles));
      } else this.#series.delete(state);
    }
    this.#stats.windowsFlushed++;
    this.#stats.rollupsEmitted += rollups.length;
    return rollups;
  }
}
