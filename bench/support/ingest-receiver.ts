/**
 * bench:ingest's receivers in a child process of their own (pinned to one core by the bench):
 *
 * - `swaybot`: the real `TelemetryDaemon` on 127.0.0.1 (10 s windows, the real detector, no
 *   store, no onAnomaly): every packet goes through `Aggregator.ingest` as in production.
 * - `bare`: a `node:dgram` socket whose handler only counts packets and bytes: the floor any
 *   Node receiver pays for the syscalls, the Buffer per packet and the callback.
 *
 * Both ask for the same kernel receive buffer. A 2 ms timer notes when the packet count last
 * moved (first and last arrival after a `mark`), so no clock is read per packet. The protocol
 * (IPC) is shared with the statsd harness (ingest-statsd.ts): `ready`, `snapshot`, `stop`.
 *
 *   node --import tsx bench/support/ingest-receiver.ts swaybot|bare <rcvbuf bytes>
 */
import { createSocket } from 'node:dgram';
import { detectorFactory } from '../../ml/detect/index.js';
import { TelemetryDaemon } from '../../telemetry/daemon.js';

export interface ReceiverReady { type: 'ready'; port: number; rcvbuf: number }
/** Counts since the process started; `first`/`last`: arrival times (ms) since the last mark, 0 if none. */
export interface ReceiverSnapshot {
  type: 'snapshot';
  packets: number;
  /** Bytes received (null where not counted). */
  bytes: number | null;
  /** Lines the receiver counted itself (swaybot: accepted + malformed); null where it does not count lines. */
  lines: number | null;
  malformed: number | null;
  cpuMicros: number;
  first: number;
  last: number;
  /** statsd only: its flushes so far and the metrics/bad lines they carried (see ingest-statsd.ts). */
  flushes?: number;
  flushedLines?: number;
  flushedBad?: number;
}
export type ReceiverRequest = { type: 'snapshot'; mark: boolean } | { type: 'stop' };

const kind = process.argv[2];
const rcvbuf = Number(process.argv[3] ?? 8 * 1024 * 1024);
const send = (m: ReceiverReady | ReceiverSnapshot): void => void process.send?.(m);

let packets: () => number;
let bytes: () => number | null = () => null;
let lines: () => number | null = () => null;
let malformed: () => number | null = () => null;
let stop: () => Promise<void>;
let port: number;
let actualBuffer: number;

if (kind === 'swaybot') {
  const daemon = await TelemetryDaemon.start({
    hosts: ['127.0.0.1'],
    port: 0,
    receiveBufferBytes: rcvbuf,
    aggregator: { windowMs: 10_000 },
    detector: detectorFactory(),
  });
  port = daemon.addresses[0]!.port;
  // The daemon does not expose its socket: a probe socket set the same way shows what the kernel grants.
  const probe = createSocket('udp4');
  await new Promise<void>((resolve) => probe.bind(0, '127.0.0.1', resolve));
  probe.setRecvBufferSize(rcvbuf);
  actualBuffer = probe.getRecvBufferSize();
  probe.close();
  packets = () => daemon.aggregator.stats().packets;
  lines = () => {
    const s = daemon.aggregator.stats();
    return s.linesAccepted + s.linesMalformed;
  };
  malformed = () => daemon.aggregator.stats().linesMalformed;
  stop = () => daemon.stop();
} else if (kind === 'bare') {
  let n = 0;
  let b = 0;
  const socket = createSocket({ type: 'udp4', recvBufferSize: rcvbuf });
  socket.on('message', (msg: Buffer) => {
    n++;
    b += msg.length;
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  port = socket.address().port;
  actualBuffer = socket.getRecvBufferSize();
  packets = () => n;
  bytes = () => b;
  stop = () => new Promise<void>((resolve) => socket.close(resolve));
} else throw new Error(`unknown receiver ${kind}`);

let first = 0;
let last = 0;
let seen = packets();
setInterval(() => {
  const now = packets();
  if (now === seen) return;
  seen = now;
  const t = performance.now();
  if (first === 0) first = t;
  last = t;
}, 2);

process.on('message', (m: ReceiverRequest) => {
  if (m.type === 'stop') {
    void stop().then(() => process.exit(0));
    return;
  }
  const cpu = process.cpuUsage();
  send({ type: 'snapshot', packets: packets(), bytes: bytes(), lines: lines(), malformed: malformed(), cpuMicros: cpu.user + cpu.system, first, last });
  if (m.mark) first = last = 0;
});
send({ type: 'ready', port, rcvbuf: actualBuffer });
