import { describe, expect, it } from 'vitest';
import { Aggregator, type AggregatorOptions, type Rollup } from '../../telemetry/rollup/index.js';
import { parseLine } from '../../telemetry/statsd/index.js';
import type { Metric } from '../../telemetry/statsd/types.js';

function metric(line: string): Metric {
  const result = parseLine(line);
  if (!result.ok) throw new Error(`refused: ${result.reason}`);
  return result.metric;
}

/** An aggregator whose open window is [0, 10 000), with a clock the test moves. */
function make(options: AggregatorOptions = {}, start = 0) {
  const clock = { now: start };
  const agg = new Aggregator(options, () => clock.now);
  return { agg, clock };
}

function bySeries(rollups: Rollup[]): Record<string, Rollup> {
  return Object.fromEntries(rollups.map((r) => [r.series, r]));
}

function one(rollups: Rollup[], series: string): Rollup {
  const r = bySeries(rollups)[series];
  if (r === undefined) throw new Error(`no rollup for ${series} in ${rollups.map((x) => x.series).join(', ')}`);
  return r;
}

describe('Aggregator rollups', () => {
  it('reports exact percentiles of a known set, nearest rank', () => {
    const { agg } = make();
    const values = Array.from({ length: 100 }, (_, i) => ((i * 37) % 100) + 1); // 1..100, shuffled
    agg.ingest(values.map((v) => `lat:${v}|ms`).join('\n'));
    const r = one(agg.flush(10_000), 'lat|ms');
    expect(r).toMatchObject({ name: 'lat', type: 'timer', start: 0, end: 10_000, count: 100, sum: 5050, min: 1, max: 100, mean: 50.5, rate: 10 });
    expect(r.p).toEqual({ p50: 50, p90: 90, p95: 95, p99: 99 });
  });

  it('takes a configurable percentile list', () => {
    const { agg } = make({ percentiles: [25, 99.9, 100] });
    agg.ingest('h:1:2:3:4|h');
    expect(one(agg.flush(10_000), 'h|h').p).toEqual({ p25: 1, 'p99.9': 4, p100: 4 });
    expect(() => new Aggregator({ percentiles: [0] })).toThrow(RangeError);
    expect(() => new Aggregator({ percentiles: [101] })).toThrow(RangeError);
  });

  it('scales counters and sampled types by the sample rate', () => {
    const { agg } = make();
    agg.ingest('hits:2|c|@0.1\nhits:2|c|@0.1\nhits:1:1|c\nt:10|ms|@0.5\nt:30|ms|@0.5\nd:5|d|@0.25');
    const rollups = agg.flush(10_000);
    expect(one(rollups, 'hits|c')).toMatchObject({ type: 'counter', count: 42, sum: 42, min: 1, max: 2, rate: 4.2 });
    expect(one(rollups, 't|ms')).toMatchObject({ count: 4, sum: 80, mean: 20, min: 10, max: 30, rate: 0.4 });
    expect(one(rollups, 'd|d')).toMatchObject({ type: 'distribution', count: 4, sum: 20, mean: 5 });
  });

  it('applies gauge deltas to the level and carries the level across windows', () => {
    const { agg } = make();
    agg.ingest('g:10|g\ng:+5|g\ng:-3|g\nfresh:-4|g');
    let rollups = agg.flush(10_000);
    expect(one(rollups, 'g|g')).toMatchObject({ type: 'gauge', last: 12, sum: 12, min: 10, max: 15, count: 3 });
    expect(one(rollups, 'fresh|g')).toMatchObject({ last: -4, count: 1 });

    rollups = agg.flush(20_000); // no update: the level is carried
    expect(one(rollups, 'g|g')).toMatchObject({ start: 10_000, end: 20_000, last: 12, min: 12, max: 12, count: 0 });

    agg.ingest('g:+1|g\ng:-20|g\ng:7|g');
    expect(one(agg.flush(30_000), 'g|g')).toMatchObject({ last: 7, min: -7, max: 13, count: 3 });
  });

  it('forgets a gauge after gaugeIdleWindows windows without an update', () => {
    const { agg } = make({ gaugeIdleWindows: 2 });
    agg.ingest('g:1|g\nc:1|c');
    expect(agg.flush(10_000)).toHaveLength(2);
    expect(agg.flush(20_000).map((r) => r.series)).toEqual(['g|g']);
    expect(agg.flush(30_000).map((r) => r.series)).toEqual(['g|g']);
    expect(agg.stats().seriesActive).toBe(1);
    expect(agg.flush(40_000)).toEqual([]);
    expect(agg.stats().seriesActive).toBe(0);
    agg.ingest('g:+2|g'); // forgotten: the delta starts from 0 again
    expect(one(agg.flush(50_000), 'g|g').last).toBe(2);
  });

  it('counts set members once per window', () => {
    const { agg } = make();
    agg.ingest('u:alice|s\nu:bob|s\nu:alice|s\nu:carol|s\nu:alice|s|#x');
    let rollups = agg.flush(10_000);
    expect(one(rollups, 'u|s')).toMatchObject({ type: 'set', unique: 3, count: 4, sum: 3, min: 3, max: 3 });
    expect(one(rollups, 'u|s|#x').unique).toBe(1);
    agg.ingest('u:alice|s');
    rollups = agg.flush(20_000);
    expect(one(rollups, 'u|s')).toMatchObject({ unique: 1, count: 1 });
  });

  it('caps the members a set keeps, and counts the ones it drops', () => {
    const { agg } = make({ maxSetMembers: 2 });
    agg.ingest('u:a|s\nu:b|s\nu:c|s\nu:a|s\nu:d|s');
    expect(one(agg.flush(10_000), 'u|s')).toMatchObject({ unique: 2, count: 5 });
    expect(agg.stats().droppedSetMembers).toBe(2);
  });

  it('drops metrics of new series beyond the series limit, while held series carry on', () => {
    const { agg } = make({ maxSeries: 2 });
    const result = agg.ingest('a:1|c\nb:1|c\nc:1|c\na:1|c\nb:1|c|#new\nc:1|c');
    expect(result.metrics).toHaveLength(6);
    let stats = agg.stats();
    expect(stats).toMatchObject({ linesAccepted: 6, droppedSeries: 3, seriesActive: 2 });
    let rollups = agg.flush(10_000);
    expect(rollups.map((r) => r.series)).toEqual(['a|c', 'b|c']);
    expect(one(rollups, 'a|c').count).toBe(2);
    // Series without data are forgotten at the flush, which frees room.
    agg.flush(20_000);
    expect(agg.stats().seriesActive).toBe(0);
    expect(agg.add(metric('c:1|c'))).toBe(true);
    stats = agg.stats();
    expect(stats.droppedSeries).toBe(3);
    rollups = agg.flush(30_000);
    expect(rollups.map((r) => r.series)).toEqual(['c|c']);
  });

  it('splits windows by the clock: tick closes at the aligned end', () => {
    const { agg, clock } = make({ windowMs: 10_000 }, 1_000);
    expect(agg.window).toEqual({ start: 1_000, end: 10_000 });
    agg.ingest('a:1|c');
    expect(agg.tick(9_999)).toEqual([]);
    clock.now = 10_000;
    const first = agg.tick();
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ series: 'a|c', start: 1_000, end: 10_000, count: 1 });
    expect(first[0]?.rate).toBeCloseTo(1 / 9, 10);

    agg.ingest('a:5|c');
    expect(agg.tick(15_000)).toEqual([]);
    expect(agg.tick(25_000)).toEqual([expect.objectContaining({ start: 10_000, end: 20_000, count: 5 })]);
    expect(agg.window).toEqual({ start: 20_000, end: 30_000 });

    agg.ingest('a:2|c');
    expect(agg.flush(23_000)).toEqual([expect.objectContaining({ start: 20_000, end: 23_000, count: 2 })]);
    expect(agg.window).toEqual({ start: 23_000, end: 30_000 });

    // A long pause: one close, and the next window holds `now`.
    agg.ingest('a:3|c');
    expect(agg.tick(95_500)).toEqual([expect.objectContaining({ start: 23_000, end: 30_000, count: 3 })]);
    expect(agg.window).toEqual({ start: 90_000, end: 100_000 });
  });

  it('drains everything pending on shutdown, at the clock when no time is given', () => {
    const { agg, clock } = make();
    agg.ingest('a:1|c\nt:5|ms\nu:x|s\ng:3|g');
    clock.now = 4_200;
    const drained = agg.drain();
    expect(drained.map((r) => r.series).sort()).toEqual(['a|c', 'g|g', 't|ms', 'u|s']);
    expect(drained.every((r) => r.start === 0 && r.end === 4_200)).toBe(true);
    expect(agg.drain(4_300).map((r) => r.series)).toEqual(['g|g']); // only the carried gauge is left
  });

  it('bounds the values kept per series, deterministically, keeping count, sum, min and max exact', () => {
    // Values rise steadily: a reservoir that favoured recent values would put p50 near the top.
    const run = () => {
      const { agg } = make({ maxSamples: 100 });
      for (let chunk = 0; chunk < 100; chunk++) agg.ingest(Array.from({ length: 100 }, (_, i) => `lat:${chunk * 100 + i + 1}|d`).join('\n'));
      return { rollup: one(agg.flush(10_000), 'lat|d'), stats: agg.stats() };
    };
    const { rollup, stats } = run();
    expect(rollup).toMatchObject({ count: 10_000, sum: 50_005_000, min: 1, max: 10_000 });
    expect(stats.samplesNotKept).toBe(9_900);
    const p = rollup.p ?? {};
    expect(p['p50']).toBeGreaterThan(3_500);
    expect(p['p50']).toBeLessThan(6_500);
    expect(p['p99']).toBeGreaterThan(9_000);
    expect(run().rollup).toEqual(rollup);
  });

  it('counts packets, accepted and refused lines for the daemon', () => {
    const { agg } = make();
    agg.ingest('a:1|c\nbad\nb:x|c\n\n');
    agg.ingest(Buffer.from([0x61, 0x3a, 0xff, 0x7c, 0x73]));
    const stats = agg.stats();
    expect(stats).toMatchObject({ packets: 2, linesAccepted: 1, linesMalformed: 3, seriesActive: 1, droppedSeries: 0 });
    expect(stats.malformed).toMatchObject({ 'missing-value': 1, 'bad-value': 1, 'not-utf8': 1, 'bad-name': 0 });
    stats.malformed['bad-name'] = 99; // a snapshot: changing it changes nothing
    expect(agg.stats().malformed['bad-name']).toBe(0);
    agg.flush(10_000);
    expect(agg.stats()).toMatchObject({ windowsFlushed: 1, rollupsEmitted: 1 });
  });

  it('emits flat rollups that survive JSON', () => {
    const { agg } = make();
    agg.ingest('a:1|c|#env:prod\nt:5|ms\nu:x|s\ng:3|g');
    for (const r of agg.flush(10_000)) expect(JSON.parse(JSON.stringify(r))).toEqual({ ...r, tags: { ...r.tags } });
  });

  it('keeps series apart when their hashes collide, and forgets them cleanly', () => {
    const { agg } = make({ gaugeIdleWindows: 0 });
    const forced = (line: string): Metric => ({ ...metric(line), hash: 42 });
    for (let round = 0; round < 2; round++) {
      for (const line of ['a:1|c', 'b:2|c', 'c:3|c', 'b:2|c', 'a:1|g']) agg.add(forced(line));
      expect(agg.stats().seriesActive).toBe(4);
      const rollups = agg.flush(10_000 * (2 * round + 1));
      expect(rollups.map((r) => `${r.series}=${r.count}`)).toEqual(['a|c=1', 'b|c=4', 'c|c=3', 'a|g=1']);
      // Only 'b' is sent again: the head, the middle and the tail of the chain are forgotten.
      agg.add(forced('b:1|c'));
      expect(agg.flush(10_000 * (2 * round + 2)).map((r) => `${r.series}=${r.count}`)).toEqual(['b|c=1']);
      expect(agg.stats().seriesActive).toBe(1);
      expect(agg.flush(10_000 * (2 * round + 2) + 1)).toEqual([]);
      expect(agg.stats().seriesActive).toBe(0);
    }
  });

  it('refuses bad options', () => {
    expect(() => new Aggregator({ windowMs: 0 })).toThrow(RangeError);
    expect(() => new Aggregator({ maxSeries: 1.5 })).toThrow(RangeError);
    expect(() => new Aggregator({ gaugeIdleWindows: -1 })).toThrow(RangeError);
  });
});
