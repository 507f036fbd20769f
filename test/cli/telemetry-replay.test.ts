/**
 * `swaybot telemetry replay`, in process, into a UDP socket the test binds: every point arrives as
 * a DogStatsD gauge with the given tags, its `|T` shifted so the series ends now and stepping as
 * the series does; the running stack's daemon as the default; pacing by --speed; Ctrl-C; usage errors.
 */
import { createSocket, type Socket } from 'node:dgram';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { replaySchedule } from '../../cli/commands/telemetry-pace.js';
import { cliEnv } from './cli.js';
import { STEP_MS, series, writeCsv } from './telemetry-series.js';
import { runInProcess, startInProcess } from './in-process.js';

describe('swaybot telemetry replay', () => {
  let socket: Socket | undefined;
  afterEach(() => {
    socket?.close();
    socket = undefined;
  });

  /** Binds a UDP socket on 127.0.0.1 and collects the lines it receives. */
  async function receiver(): Promise<{ port: number; lines: string[] }> {
    const lines: string[] = [];
    // A roomy buffer: the test's own event loop drains it, between the command's sends.
    socket = createSocket({ type: 'udp4', recvBufferSize: 1 << 21 });
    socket.on('message', (msg) => lines.push(...msg.toString('utf8').split('\n')));
    await new Promise<void>((resolve) => socket!.bind(0, '127.0.0.1', resolve));
    return { port: socket.address().port, lines };
  }

  async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  }

  it('sends every point as a gauge with the given tags, |T ending now and stepping as the series does', async () => {
    const { port, lines } = await receiver();
    const dir = mkdtempSync(join(tmpdir(), 'telemetry-replay-'));
    const points = series(2000, 60);
    const file = join(dir, 'machine_temp.csv');
    writeCsv(file, points);
    const result = await runInProcess(['telemetry', 'replay', file, '--to', `udp://127.0.0.1:${port}`, '--speed', 'max', '--name', 'test.machine', '--tag', 'service=db', '--tag', 'env=test']);
    const now = Date.now() / 1000;
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/✔ Sent 2,000 points in \d+ packets over [\d.]+ s/);
    expect(result.stdout).toContain('npx swaybot incident list --service db');
    await until(() => lines.length >= 2000);
    expect(lines).toHaveLength(2000);
    const parsed = lines.map((line) => /^test\.machine:(-?[\d.e+-]+)\|g\|#service:db,env:test\|T(\d+)$/.exec(line));
    expect(parsed.every((m) => m !== null)).toBe(true);
    expect(parsed.map((m) => Number(m![1]))).toEqual(points.map((p) => p.value));
    const stamps = parsed.map((m) => Number(m![2]));
    expect(Math.abs(stamps.at(-1)! - now)).toBeLessThan(5);
    for (let i = 1; i < stamps.length; i++) expect(stamps[i]! - stamps[i - 1]!).toBe(STEP_MS / 1000);
  });

  it("defaults to the running stack's daemon, a name and service from the file, and honours --from, --limit and --speed", async () => {
    const { port, lines } = await receiver();
    const env = cliEnv();
    // The stack file a running `swaybot up` writes; this process stands in for its pid.
    const stateDir = join(dirname(env['SWAYBOT_CONFIG']!), 'state');
    mkdirSync(stateDir, { recursive: true });
    const stack = { pid: process.pid, address: '127.0.0.1:1', namespace: 'default', startedAt: new Date().toISOString() };
    writeFileSync(join(stateDir, 'stack.json'), JSON.stringify({ ...stack, telemetry: { udp: `udp://127.0.0.1:${port}`, metrics: 'http://127.0.0.1:1/metrics' } }));
    const dir = mkdtempSync(join(tmpdir(), 'telemetry-replay-'));
    const points = series(50);
    const file = join(dir, 'Machine_Temperature.csv');
    writeCsv(file, points);
    const started = performance.now();
    // 60 s steps at 600x: a point every 100 ms, so 5 points take at least 400 ms.
    const result = await runInProcess(['telemetry', 'replay', file, '--from', '11', '--limit', '5', '--speed', '600x'], env);
    expect(performance.now() - started).toBeGreaterThan(380);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`to udp://127.0.0.1:${port} (the running stack's telemetry daemon`);
    expect(result.stdout).toContain('curl -s http://127.0.0.1:1/metrics | grep nab_Machine_Temperature');
    await until(() => lines.length >= 5);
    expect(lines.map((l) => l.replace(/\|T\d+$/, ''))).toEqual(points.slice(10, 15).map((p) => `nab.Machine_Temperature:${p.value}|g|#service:machine-temperature`));
  });

  it('stops on Ctrl-C, says how far it got, and exits 130', async () => {
    const { port, lines } = await receiver();
    const dir = mkdtempSync(join(tmpdir(), 'telemetry-replay-'));
    writeCsv(join(dir, 'slow.csv'), series(20));
    // 60 s steps at 30x: a point every 2 s, so it is still sending when Ctrl-C comes.
    const run = startInProcess(['telemetry', 'replay', join(dir, 'slow.csv'), '--to', `udp://127.0.0.1:${port}`, '--speed', '30x']);
    await until(() => lines.length >= 1);
    run.interrupt();
    const result = await run.exited;
    expect(result.code).toBe(130);
    expect(result.stdout).toMatch(/Stopped: sent 1 point in 1 packet over .*; 19 points not sent/);
    expect(lines).toHaveLength(1);
  });

  it('refuses bad options, and a bad file names file:line', async () => {
    const speed = await runInProcess(['telemetry', 'replay', 'x.csv', '--speed', 'fast']);
    expect(speed.code).toBe(2);
    expect(speed.stderr).toContain('Unexpected --speed `fast`, expected a multiple of real time such as 1000x, or max');
    const tag = await runInProcess(['telemetry', 'replay', 'x.csv', '--tag', 'service']);
    expect(tag.code).toBe(2);
    expect(tag.stderr).toContain('Unexpected --tag `service`, expected key=value');
    const dir = mkdtempSync(join(tmpdir(), 'telemetry-replay-'));
    writeFileSync(join(dir, 'bad.csv'), 'timestamp,value\n2024-01-01 00:00:00,NaN\n');
    const bad = await runInProcess(['telemetry', 'replay', join(dir, 'bad.csv'), '--to', 'udp://127.0.0.1:9']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`${join(dir, 'bad.csv')}:2: not a number: value "NaN"`);
    writeCsv(join(dir, 'good.csv'), series(3));
    const to = await runInProcess(['telemetry', 'replay', join(dir, 'good.csv'), '--to', 'http://127.0.0.1:9']);
    expect(to.code).toBe(2);
    expect(to.stderr).toContain('Unexpected --to `http://127.0.0.1:9`, expected udp://host:port');
    const past = await runInProcess(['telemetry', 'replay', join(dir, 'good.csv'), '--from', '4', '--to', 'udp://127.0.0.1:9']);
    expect(past.code).toBe(2);
    expect(past.stderr).toContain(`Unexpected --from 4: ${join(dir, 'good.csv')} has 3 rows`);
  });

  it('paces at the series step divided by the speed, never above the rate cap', () => {
    const stamps = [0, 300_000, 600_000, 600_000, 900_000];
    expect(replaySchedule(stamps, 1000)).toEqual([0, 300, 600, 600, 900]);
    expect(replaySchedule(stamps, 'max', 10)).toEqual([0, 100, 200, 300, 400]);
    // A step back in time is sent at once, never before an earlier point.
    expect(replaySchedule([0, 60_000, 30_000], 60)).toEqual([0, 1000, 1000]);
  });
});
