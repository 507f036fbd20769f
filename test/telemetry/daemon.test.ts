/**
 * The telemetry daemon end to end in this process: a real StatsD client (hot-shots) sends over
 * UDP on IPv4 and IPv6 loopback; the rollups in the embedded store, the Prometheus exposition
 * and the malformed-line counters must match what was sent.
 */
import { createSocket } from 'node:dgram';
import StatsD from 'hot-shots';
import { afterEach, describe, expect, it } from 'vitest';
import { detectorFactory } from '../../ml/detect/index.js';
import { TelemetryDaemon } from '../../telemetry/daemon.js';
import type { AnomalyEvent } from '../../telemetry/watch.js';
import { eventually } from '../support-interpreter/harness.js';
import { openStore } from './store-support.js';

const running: TelemetryDaemon[] = [];
afterEach(async () => {
  for (const d of running.splice(0)) await d.stop();
});

async function start(events: AnomalyEvent[] = [], watch = {}) {
  const store = await openStore();
  const daemon = await TelemetryDaemon.start({
    hosts: ['127.0.0.1', '::1'],
    port: 0,
    receiveBufferBytes: 8 * 1024 * 1024,
    aggregator: { windowMs: 60_000 },
    store,
    detector: detectorFactory(),
    watch,
    onAnomaly: async (e) => void events.push(...e),
  });
  running.push(daemon);
  return { daemon, store, port: daemon.addresses[0]!.port };
}

function client(host: string, port: number): InstanceType<typeof StatsD> {
  return new StatsD({ host, port, protocol: 'udp', maxBufferSize: 0, errorHandler: (err) => { throw err; } });
}

async function sendRaw(port: number, packet: string): Promise<void> {
  const socket = createSocket('udp4');
  await new Promise<void>((done, fail) => socket.send(packet, port, '127.0.0.1', (err) => (err ? fail(err) : done())));
  socket.close();
}

const close = (c: InstanceType<typeof StatsD>) => new Promise<void>((done) => c.close(() => done()));

describe('telemetry daemon over UDP', () => {
  it('stores what a real StatsD client sent over IPv4 and IPv6, and exposes it to Prometheus', async () => {
    const { daemon, store, port } = await start();
    const v4 = client('127.0.0.1', port);
    const v6 = client('::1', port);
    for (let i = 0; i < 20; i++) v4.increment('api.requests', 1, { route: '/x' });
    for (let i = 0; i < 10; i++) v6.increment('api.requests', 1, { route: '/x' });
    await sendRaw(port, 'api.requests:5|c|@0.5|#route:/y'); // sampled at 0.5: counts as 10 (hot-shots would drop it half the time)
    v4.gauge('queue.depth', 40);
    v6.gauge('queue.depth', 2); // the last level wins
    for (const ms of [10, 20, 30, 40, 50, 60, 70, 80, 90, 100]) v4.timing('db.query', ms, { db: 'main' });
    for (const user of ['a', 'b', 'a', 'c']) v6.set('users.seen', user);
    v4.distribution('payload.bytes', 512);
    v4.histogram('batch.size', 7);
    await eventually(async () => daemon.aggregator.stats().linesAccepted, (n) => n >= 49, 'all 49 lines');
    await Promise.all([close(v4), close(v6)]);
    await daemon.flushNow();

    const field = async (name: string, f: string, tags?: Record<string, string>) =>
      (await store.query({ name, from: 0, to: Date.now() + 60_000, field: f as never, ...(tags ? { tags } : {}) })).flatMap((s) => s.points.map((p) => p.value));
    expect(await field('api.requests', 'sum', { route: '/x' })).toEqual([30]);
    expect(await field('api.requests', 'sum', { route: '/y' })).toEqual([10]);
    expect(await field('queue.depth', 'last')).toEqual([2]);
    expect(await field('db.query', 'count')).toEqual([10]);
    expect(await field('db.query', 'p90')).toEqual([90]);
    expect(await field('db.query', 'max')).toEqual([100]);
    expect(await field('users.seen', 'unique')).toEqual([3]);
    expect(await field('payload.bytes', 'sum')).toEqual([512]);
    expect(await field('batch.size', 'count')).toEqual([1]);

    const text = await daemon.metrics();
    expect(text).toContain('swaybot_telemetry_lines_total 49');
    expect(text).toMatch(/^api_requests_total\{route="\/x"\} 30$/m);
    expect(text).toMatch(/^queue_depth 2$/m);
    expect(text).toMatch(/^db_query\{db="main",quantile="0\.9"\} 90$/m);
    expect(text).toMatch(/^db_query_count\{db="main"\} 10$/m);
    expect(text).toMatch(/^users_seen 3$/m);
  });

  it('skips malformed lines, counting each under its reason, and keeps the good lines of the same packet', async () => {
    const { daemon, store, port } = await start();
    await sendRaw(port, ['ok.count:1|c', 'no.type:1', 'bad.value:abc|c', 'weird.type:1|x', 'ok.count:2|c|@2', 'ok.count:4|c'].join('\n'));
    await eventually(async () => daemon.aggregator.stats().packets, (n) => n >= 1, 'the packet');
    await daemon.flushNow();
    const [series] = await store.query({ name: 'ok.count', from: 0, to: Date.now() + 60_000, field: 'sum' });
    expect(series?.points.map((p) => p.value)).toEqual([5]);
    const text = await daemon.metrics();
    expect(text).toContain('swaybot_telemetry_malformed_total{reason="missing-type"} 1');
    expect(text).toContain('swaybot_telemetry_malformed_total{reason="bad-value"} 1');
    expect(text).toContain('swaybot_telemetry_malformed_total{reason="unknown-type"} 1');
    expect(text).toContain('swaybot_telemetry_malformed_total{reason="bad-sample-rate"} 1');
    expect(text).toContain('swaybot_telemetry_lines_total 2');
  });

  it('keeps timestamped points (|T…) as their own windows and fires on a spike in a replayed series', async () => {
    const events: AnomalyEvent[] = [];
    const { daemon, store, port } = await start(events, { clearAfter: 1000 });
    const socket = createSocket('udp4');
    const t0 = Math.floor(Date.now() / 1000) - 3000 * 300;
    const lines: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const value = 50 + 10 * Math.sin((2 * Math.PI * i) / 288) + ((i * 7919) % 13) / 13 + (i === 2500 ? 60 : 0);
      lines.push(`machine.temp:${value.toFixed(3)}|g|#host:m1|T${t0 + i * 300}`);
    }
    for (let i = 0; i < lines.length; i += 20) {
      await new Promise<void>((done, fail) => socket.send(lines.slice(i, i + 20).join('\n'), port, '127.0.0.1', (err) => (err ? fail(err) : done())));
      // Paced like `telemetry replay`: a burst beyond the socket buffer would be dropped by the kernel.
      if (i % 400 === 0) await new Promise((r) => setTimeout(r, 5));
    }
    socket.close();
    await eventually(async () => daemon.aggregator.stats().linesAccepted, (n) => n >= 3000, 'every point');
    await daemon.flushNow();
    const [series] = await store.query({ name: 'machine.temp', from: 0, to: Date.now(), field: 'last' });
    expect(series?.points).toHaveLength(3000);
    expect(series?.points[0]?.t).toBe(t0 * 1000);
    // The spike fires (whatever else the detector finds in the noise), with the points before it for the plot.
    const spikeEnd = (t0 + 2500 * 300) * 1000 + 60_000;
    const spike = events.find((e) => e.kind === 'firing' && e.at === spikeEnd);
    expect(spike).toMatchObject({ name: 'machine.temp', tags: { host: 'm1' } });
    expect(spike!.recent).toHaveLength(240);
    expect(spike!.recent.at(-1)).toEqual({ t: spikeEnd, value: spike!.value });
  });
});
