/**
 * bench:ingest's sender, a child process of its own (pinned to one core by the bench): generates
 * the packet mix once from the seed, then on each `send` message sends a range of it to
 * 127.0.0.1:<port> from a connected UDP socket, paced at `rate` lines/s (0: as fast as it can),
 * checking the clock every packet, yielding to the event loop every 64 packets.
 *
 *   node --import tsx bench/support/ingest-sender.ts <lines> <seed>
 */
import { createSocket } from 'node:dgram';
import { generateMix } from './ingest-mix.js';

export interface SendRequest { type: 'send'; port: number; from: number; to: number; rate: number }
export interface SendReport { type: 'sent'; packets: number; lines: number; bytes: number; seconds: number; errors: number }
export interface SenderReady { type: 'ready'; packets: number; lines: number; bytes: number; series: number; linesPer: number[] }

const lines = Number(process.argv[2] ?? 2_000_000);
const seed = Number(process.argv[3] ?? 0x1e57);
const mix = generateMix(lines, seed);
const send = (m: SenderReady | SendReport): void => void process.send?.(m);

async function sendRange(req: SendRequest): Promise<SendReport> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.connect(req.port, '127.0.0.1', resolve));
  let errors = 0;
  let inFlight = 0;
  const done = (err: Error | null): void => {
    inFlight--;
    if (err) errors++;
  };
  let sentLines = 0;
  let bytes = 0;
  const start = performance.now();
  for (let i = req.from; i < req.to; ) {
    const due = req.rate > 0 ? ((performance.now() - start) / 1000) * req.rate : Infinity;
    let burst = 0;
    while (i < req.to && sentLines < due && burst < 64) {
      const packet = mix.packets[i]!;
      inFlight++;
      socket.send(packet, done);
      sentLines += mix.linesPer[i]!;
      bytes += packet.length;
      i++;
      burst++;
    }
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  while (inFlight > 0) await new Promise<void>((resolve) => setImmediate(resolve));
  const seconds = (performance.now() - start) / 1000;
  await new Promise<void>((resolve) => socket.close(resolve));
  return { type: 'sent', packets: req.to - req.from, lines: sentLines, bytes, seconds, errors };
}

process.on('message', (m: SendRequest | { type: 'exit' }) => {
  if (m.type === 'exit') process.exit(0);
  else void sendRange(m).then(send);
});
send({ type: 'ready', packets: mix.packets.length, lines: mix.lines, bytes: mix.bytes, series: mix.series, linesPer: mix.linesPer });
