/**
 * SIGTERM mid-window loses nothing accepted: the real worker process (workers/main.ts) with a
 * one-hour flush window takes StatsD lines from a real client; once its /metrics says they were
 * accepted, SIGTERM; the store file it leaves holds every one of them.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import StatsD from 'hot-shots';
import { describe, expect, it } from 'vitest';
import { TimeSeriesStore } from '../../telemetry/store/index.js';
import { eventually } from '../support-interpreter/harness.js';
import { connectTestServer, uniqueTaskQueue } from '../support/temporal.js';

const MAIN = fileURLToPath(new URL('../../workers/main.ts', import.meta.url));

describe('telemetry in the worker process', () => {
  it('drains the open window into the store on SIGTERM', { timeout: 90_000 }, async () => {
    const server = await connectTestServer();
    const dir = mkdtempSync(join(tmpdir(), 'swaybot-sigterm-'));
    writeFileSync(join(dir, 'swaybot.config.yaml'), `temporal:\n  taskQueue: ${uniqueTaskQueue('sigterm')}\ntelemetry:\n  window: 1h\n  listen: ['127.0.0.1']\n`);
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
      env: { ...process.env, SWAYBOT_TEMPORAL_ADDRESS: server.address, SWAYBOT_CONFIG: join(dir, 'swaybot.config.yaml'), SWAYBOT_STATE_DIR: dir, SWAYBOT_TELEMETRY_PORT: '0', SWAYBOT_TELEMETRY_METRICS_PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const [, port, metrics] = await eventually(async () => /telemetry on udp:\/\/127\.0\.0\.1:(\d+).*?(http:\S+\/metrics)/.exec(out), (m) => m !== null, 'the telemetry line', 60_000).then((m) => m!);
      await eventually(async () => out.includes('worker ready'), (ready) => ready, 'worker ready', 60_000);
      const statsd = new StatsD({ host: '127.0.0.1', port: Number(port), protocol: 'udp', maxBufferSize: 0 });
      for (let i = 0; i < 250; i++) statsd.increment('jobs.done', 1, { queue: i % 2 ? 'a' : 'b' });
      for (let i = 0; i < 50; i++) statsd.timing('jobs.seconds', i);
      await new Promise<void>((done) => statsd.close(() => done()));
      // Accepted: the daemon counted every line (nothing is flushed before the hour is up).
      await eventually(async () => (await fetch(metrics!)).text(), (t) => /^swaybot_telemetry_lines_total 300$/m.test(t), 'the lines accepted');
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
      await server.close();
    }
    const store = await TimeSeriesStore.open(join(dir, 'telemetry', 'metrics.duckdb'));
    try {
      const done = await store.query({ name: 'jobs.done', from: 0, to: Date.now() + 3_600_000, field: 'sum' });
      expect(done.map((s) => [s.tags['queue'], s.points.reduce((a, p) => a + p.value, 0)]).sort()).toEqual([['a', 125], ['b', 125]]);
      const timer = await store.query({ name: 'jobs.seconds', from: 0, to: Date.now() + 3_600_000, field: 'count' });
      expect(timer[0]?.points.reduce((a, p) => a + p.value, 0)).toBe(50);
    } finally {
      await store.close();
    }
  });
});
