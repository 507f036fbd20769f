/**
 * bench:ingest — StatsD lines/s received and aggregated on one core by swaybot's telemetry daemon,
 * side by side in one run with (a) Etsy statsd (npm `statsd`, unmodified, no backend sending
 * anywhere) and (b) a bare `node:dgram` loop that only counts packets and bytes (the anchor: what
 * any Node receiver pays before parsing anything).
 *
 * Method:
 * - every receiver is its own child process pinned to CPU 1 (`taskset`, where there is one), on
 *   127.0.0.1 UDP, asking for the same kernel receive buffer (`--rcvbuf`, 8 MiB by default; the
 *   kernel caps it at net.core.rmem_max, the granted size is printed);
 * - one sender process pinned to CPU 0 sends the same packet mix to each (bench/support/
 *   ingest-mix.ts: seeded, ~1,000 series, 60 % counters, 20 % timers, 10 % gauges, 5 % sets,
 *   5 % histograms/distributions, up to 1,400 bytes a packet), paced at `--rate` lines/s;
 * - each run: start the receiver, warm it up (`--warm` lines at 100k lines/s; this also checks
 *   that every line sent is counted, no loss, no malformed), then send `--lines` lines, wait until
 *   nothing more arrives, and read the receiver's own counters (swaybot: accepted + malformed;
 *   statsd: its `metrics_received`; bare loop: bytes × lines/byte of the mix), its CPU time
 *   (process.cpuUsage, user + system) and the first and last arrival (a 2 ms timer, no clock read per packet);
 * - receivers are interleaved over `--rounds` rounds (order rotated each round); the median of each column is reported.
 *
 * Figures: received lines/s = lines counted / (last − first arrival); lines per CPU-second =
 * lines counted / receiver CPU seconds (the steadier figure on a shared 2-core machine);
 * loss = lines sent − lines counted, % of sent (dropped by the kernel when the receiver falls behind);
 * CPU s / arrival s = how much of its core the receiver got while packets arrived (below 100 %:
 * other processes on that core, or a receiver that keeps up and waits).
 *
 *   npm run bench:ingest [-- --lines 2000000 --rounds 3 --rate 1500000 --rcvbuf 8388608]
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { ReceiverReady, ReceiverRequest, ReceiverSnapshot } from './support/ingest-receiver.js';
import type { SendReport, SenderReady, SendRequest } from './support/ingest-sender.js';
import { statsdLiveCounters, writeStatsdConfig } from './support/ingest-statsd.js';

const { values } = parseArgs({
  options: {
    lines: { type: 'string', default: '2000000' },
    rounds: { type: 'string', default: '3' },
    rate: { type: 'string', default: '1500000' },
    warm: { type: 'string', default: '200000' },
    rcvbuf: { type: 'string', default: String(8 * 1024 * 1024) },
    seed: { type: 'string', default: String(0x1e57) },
  },
});
const LINES = Number(values.lines);
const ROUNDS = Number(values.rounds);
const RATE = Number(values.rate);
const WARM = Number(values.warm);
const RCVBUF = Number(values.rcvbuf);
const WARM_RATE = 100_000;

type Kind = 'swaybot' | 'statsd' | 'bare';
const KINDS: Kind[] = ['swaybot', 'statsd', 'bare'];
const LABEL: Record<Kind, string> = { swaybot: 'swaybot TelemetryDaemon', statsd: 'Etsy statsd 0.9.0', bare: 'bare dgram loop (anchor)' };

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const statsdDir = join(root, 'node_modules', 'statsd');
const statsdVersion = (JSON.parse(readFileSync(join(statsdDir, 'package.json'), 'utf8')) as { version: string }).version;
const canPin = cpus().length >= 2 && spawnSync('taskset', ['-c', '0', 'true']).status === 0;
const pinned = (cpu: number, argv: string[]): [string, string[]] => (canPin ? ['taskset', ['-c', String(cpu), ...argv]] : [argv[0]!, argv.slice(1)]);

/** A child speaking the IPC protocol: `next(type)` waits for its next message of that type. */
class Child {
  readonly #waiting = new Map<string, ((m: unknown) => void)[]>();
  readonly #queued = new Map<string, unknown[]>();
  readonly proc: ChildProcess;
  constructor(cpu: number, argv: string[], cwd = root) {
    const [cmd, args] = pinned(cpu, argv);
    this.proc = spawn(cmd, args, { cwd, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    this.proc.on('message', (m: { type: string }) => {
      const w = this.#waiting.get(m.type)?.shift();
      if (w) w(m);
      else this.#queued.set(m.type, [...(this.#queued.get(m.type) ?? []), m]);
    });
    this.proc.on('exit', (code) => {
      if (this.#waiting.size > 0 && [...this.#waiting.values()].some((ws) => ws.length > 0)) {
        console.error(`child ${argv.join(' ')} exited (${code}) while awaited`);
        process.exit(1);
      }
    });
  }
  next<T>(type: string): Promise<T> {
    const q = this.#queued.get(type);
    if (q && q.length > 0) return Promise.resolve(q.shift() as T);
    return new Promise((resolve) => this.#waiting.set(type, [...(this.#waiting.get(type) ?? []), resolve as (m: unknown) => void]));
  }
  request<T>(message: object, reply: string): Promise<T> {
    const p = this.next<T>(reply);
    this.proc.send(message);
    return p;
  }
  async stop(message: object): Promise<void> {
    const exited = new Promise<void>((resolve) => this.proc.once('exit', () => resolve()));
    this.proc.send(message);
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
}

async function freePort(): Promise<number> {
  const udp = createSocket('udp4');
  await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
  const port = udp.address().port;
  udp.close();
  return port;
}

async function freeTcpPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address !== null ? address.port : 0;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface Counted { snap: ReceiverSnapshot; lines: number | null; bad: number | null }

/** A snapshot with the receiver's own line count (statsd: flushed totals + live, consistent across a flush). */
async function counted(child: Child, kind: Kind, mark: boolean, mgmtPort: number): Promise<Counted> {
  for (;;) {
    const snap = await child.request<ReceiverSnapshot>({ type: 'snapshot', mark } satisfies ReceiverRequest, 'snapshot');
    if (kind !== 'statsd') return { snap, lines: snap.lines, bad: snap.malformed };
    const live = await statsdLiveCounters(mgmtPort);
    const again = await child.request<ReceiverSnapshot>({ type: 'snapshot', mark: false } satisfies ReceiverRequest, 'snapshot');
    if (again.flushes === snap.flushes) return { snap, lines: (snap.flushedLines ?? 0) + live.lines, bad: (snap.flushedBad ?? 0) + live.bad };
  }
}

/** Waits until no packet has arrived for 400 ms; returns the final counts. */
async function quiesce(child: Child, kind: Kind, mgmtPort: number): Promise<Counted> {
  let last = -1;
  let still = 0;
  for (;;) {
    const { packets } = await child.request<ReceiverSnapshot>({ type: 'snapshot', mark: false } satisfies ReceiverRequest, 'snapshot');
    if (packets === last) still++;
    else still = 0;
    last = packets;
    if (still >= 4) return counted(child, kind, false, mgmtPort);
    await sleep(100);
  }
}

interface Run { kind: Kind; sent: SendReport; lines: number; packets: number; wall: number; cpu: number; rcvbuf: number; warmOk: boolean; warmDetail: string; malformed: number }

const lineFraction = { linesPerByte: 0 };

async function run(kind: Kind, sender: Child, mix: SenderReady, warmTo: number, warmLines: number, dir: string): Promise<Run> {
  const mgmtPort = kind === 'statsd' ? await freeTcpPort() : 0;
  let child: Child;
  if (kind === 'statsd') {
    const config = writeStatsdConfig(dir, await freePort(), mgmtPort, RCVBUF);
    child = new Child(1, [process.execPath, join(statsdDir, 'stats.js'), config], statsdDir);
  } else child = new Child(1, [process.execPath, '--import', 'tsx', join(here, 'support', 'ingest-receiver.ts'), kind, String(RCVBUF)]);
  const ready = await child.next<ReceiverReady>('ready');
  const send = (from: number, to: number, rate: number): Promise<SendReport> =>
    sender.request<SendReport>({ type: 'send', port: ready.port, from, to, rate } satisfies SendRequest, 'sent');
  if (kind === 'statsd') await statsdLiveCounters(mgmtPort).catch(async () => (await sleep(300), statsdLiveCounters(mgmtPort)));

  // Warm-up at a rate every receiver keeps up with: JIT, the series created, and an exactness check.
  const warmSent = await send(0, warmTo, WARM_RATE);
  const before = await quiesce(child, kind, mgmtPort);
  const warmCount = kind === 'bare' ? Math.round((before.snap.bytes ?? 0) * lineFraction.linesPerByte) : (before.lines ?? 0);
  const warmOk = kind === 'bare' ? before.snap.bytes === warmSent.bytes : before.lines === warmLines && before.bad === 0;
  const warmDetail = `${warmCount}/${warmLines} lines${kind === 'bare' ? ` (${before.snap.bytes}/${warmSent.bytes} bytes)` : `, ${before.bad} malformed`}`;
  await counted(child, kind, true, mgmtPort);

  const sent = await send(0, mix.packets, RATE);
  const after = await quiesce(child, kind, mgmtPort);
  await child.stop({ type: 'stop' } satisfies ReceiverRequest);

  const lines = kind === 'bare' ? ((after.snap.bytes ?? 0) - (before.snap.bytes ?? 0)) * lineFraction.linesPerByte : (after.lines ?? 0) - (before.lines ?? 0);
  return {
    kind,
    sent,
    lines,
    packets: after.snap.packets - before.snap.packets,
    wall: (after.snap.last - after.snap.first) / 1000,
    cpu: (after.snap.cpuMicros - before.snap.cpuMicros) / 1e6,
    rcvbuf: ready.rcvbuf,
    warmOk,
    warmDetail,
    malformed: (after.bad ?? 0) - (before.bad ?? 0),
  };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

const load0 = loadavg();
console.log(`bench:ingest — machine: ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, statsd ${statsdVersion}`);
console.log(`load average at start: ${load0.map((x) => x.toFixed(2)).join(' ')}; pinning: ${canPin ? 'sender on CPU 0, receiver on CPU 1 (taskset)' : 'none (no taskset or 1 CPU)'}`);

const dir = mkdtempSync(join(tmpdir(), 'swaybot-bench-ingest-'));
const sender = new Child(0, [process.execPath, '--import', 'tsx', join(here, 'support', 'ingest-sender.ts'), String(LINES), values.seed]);
process.on('exit', () => {
  sender.proc.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});
const mix = await sender.next<SenderReady>('ready');
lineFraction.linesPerByte = mix.lines / mix.bytes;
let warmTo = 0;
let warmLines = 0;
while (warmTo < mix.packets && warmLines < WARM) warmLines += mix.linesPer[warmTo++]!;
console.log(
  `mix: ${fmt(mix.lines)} lines in ${fmt(mix.packets)} packets (${(mix.bytes / mix.packets).toFixed(0)} bytes/packet, ${(mix.lines / mix.packets).toFixed(1)} lines/packet, ` +
    `${(mix.bytes / mix.lines).toFixed(1)} bytes/line), ${mix.series} series; sent at ${fmt(RATE)} lines/s target; warm-up ${fmt(warmLines)} lines at ${fmt(WARM_RATE)} lines/s; ` +
    `SO_RCVBUF asked ${RCVBUF} bytes; ${ROUNDS} rounds`,
);

const runs: Run[] = [];
for (let r = 0; r < ROUNDS; r++) {
  const order = KINDS.map((_, i) => KINDS[(i + r) % KINDS.length]!);
  for (const kind of order) {
    const x = await run(kind, sender, mix, warmTo, warmLines, dir);
    runs.push(x);
    console.log(
      `  round ${r + 1} ${kind.padEnd(7)}: sent ${fmt(x.sent.lines)} lines in ${x.sent.seconds.toFixed(2)} s (${fmt(x.sent.lines / x.sent.seconds)}/s), ` +
        `counted ${fmt(x.lines)} (loss ${((1 - x.lines / x.sent.lines) * 100).toFixed(1)} %), ${fmt(x.lines / x.wall)} lines/s over ${x.wall.toFixed(2)} s, ` +
        `${x.cpu.toFixed(2)} CPU s → ${fmt(x.lines / x.cpu)} lines/CPU-s; rcvbuf ${x.rcvbuf}; warm-up ${x.warmOk ? 'exact' : 'NOT EXACT'} (${x.warmDetail})` +
        (x.kind === 'bare' ? '' : `; malformed ${x.malformed}`),
    );
  }
}

interface Row { sent: number; lines: number; loss: number; wall: number; rate: number; cpu: number; share: number; perCpu: number; sendRate: number }
const rows = new Map<Kind, Row>();
for (const kind of KINDS) {
  const rs = runs.filter((x) => x.kind === kind);
  rows.set(kind, {
    sent: median(rs.map((x) => x.sent.lines)),
    lines: median(rs.map((x) => x.lines)),
    loss: median(rs.map((x) => 1 - x.lines / x.sent.lines)),
    wall: median(rs.map((x) => x.wall)),
    rate: median(rs.map((x) => x.lines / x.wall)),
    cpu: median(rs.map((x) => x.cpu)),
    share: median(rs.map((x) => x.cpu / x.wall)),
    perCpu: median(rs.map((x) => x.lines / x.cpu)),
    sendRate: median(rs.map((x) => x.sent.lines / x.sent.seconds)),
  });
}

console.log(`\nmedian of ${ROUNDS} rounds, each column on its own; load average at end: ${loadavg().map((x) => x.toFixed(2)).join(' ')}\n`);
console.log('| receiver (one core) | lines sent | sender lines/s | lines counted | loss | first→last arrival s | received lines/s | receiver CPU s | CPU s / arrival s | lines per CPU-second | CPU µs per 1k lines |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
for (const kind of KINDS) {
  const x = rows.get(kind)!;
  console.log(
    `| ${LABEL[kind]} | ${fmt(x.sent)} | ${fmt(x.sendRate)} | ${fmt(x.lines)}${kind === 'bare' ? ' (from bytes)' : ''} | ${(x.loss * 100).toFixed(1)} % | ${x.wall.toFixed(2)} | ${fmt(x.rate)} | ${x.cpu.toFixed(2)} | ${(x.share * 100).toFixed(0)} % | ${fmt(x.perCpu)} | ${(1e9 / x.perCpu).toFixed(0)} |`,
  );
}
const s = rows.get('swaybot')!;
const d = rows.get('statsd')!;
const b = rows.get('bare')!;
const verdict = (ok: boolean): string => (ok ? 'met' : '**missed**');
console.log('');
console.log('| ratio | lines per CPU-second | received lines/s | target |');
console.log('|---|---|---|---|');
console.log(`| swaybot / statsd | ${(s.perCpu / d.perCpu).toFixed(2)}× (${verdict(s.perCpu / d.perCpu >= 2)}) | ${(s.rate / d.rate).toFixed(2)}× (${verdict(s.rate / d.rate >= 2)}) | ≥ 2× |`);
console.log(`| swaybot / bare loop | ${((s.perCpu / b.perCpu) * 100).toFixed(0)} % (${verdict(s.perCpu / b.perCpu >= 0.6)}) | ${((s.rate / b.rate) * 100).toFixed(0)} % (${verdict(s.rate / b.rate >= 0.6)}) | ≥ 60 % |`);
const sw = runs.filter((x) => x.kind === 'swaybot');
console.log(
  `\ncorrectness: swaybot warm-up counted accepted + malformed = lines sent in ${sw.filter((x) => x.warmOk).length}/${sw.length} runs ` +
    `(${sw.map((x) => x.warmDetail).join('; ')}); malformed lines in the measured runs: ${sw.map((x) => x.malformed).join(', ')}; ` +
    `statsd warm-up exact in ${runs.filter((x) => x.kind === 'statsd' && x.warmOk).length}/${ROUNDS}`,
);
await sender.stop({ type: 'exit' });
process.exit(0);
