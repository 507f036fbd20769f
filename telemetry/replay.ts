/**
 * Replaying a recorded series as StatsD: each point becomes a DogStatsD gauge with its own time
 * (`name:value|g|#tags|T<unix seconds>`), shifted so the series ends at `endAt`, packed into
 * packets of at most 1,400 bytes and sent over UDP at a pace the receiver's socket buffer can
 * take. The daemon keeps timestamped points as their own windows, so the detector sees every
 * point of the series, however fast it was sent.
 */
import { createSocket } from 'node:dgram';
import { isIPv6 } from 'node:net';

export interface ReplayPoint {
  /** Epoch ms. */
  t: number;
  value: number;
}

/** The lines of `points`, shifted so the last one is at `endAt` (epoch ms). */
export function replayLines(points: readonly ReplayPoint[], name: string, tags: Record<string, string>, endAt: number): string[] {
  const last = points[points.length - 1]?.t ?? endAt;
  const shift = endAt - last;
  const tagText = Object.entries(tags).map(([k, v]) => `${k}:${v}`).join(',');
  const suffix = tagText ? `|#${tagText}` : '';
  return points.map((p) => `${name}:${p.value}|g${suffix}|T${Math.floor((p.t + shift) / 1000)}`);
}

/** Lines joined into packets of at most `maxBytes` (a line longer than that travels alone). */
export function packLines(lines: readonly string[], maxBytes = 1400): string[] {
  const packets: string[] = [];
  let current = '';
  for (const line of lines) {
    if (current && Buffer.byteLength(current) + 1 + Buffer.byteLength(line) > maxBytes) {
      packets.push(current);
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current) packets.push(current);
  return packets;
}

export interface SendOptions {
  host: string;
  port: number;
  /** Pace, in lines per second (default 20,000: well within a loopback receiver's buffer). */
  linesPerSecond?: number;
  onProgress?: (sentLines: number) => void;
}

/** Sends `lines` over UDP, paced; resolves with the packets sent. */
export async function sendLines(lines: readonly string[], options: SendOptions): Promise<{ packets: number; lines: number }> {
  const socket = createSocket(isIPv6(options.host) ? 'udp6' : 'udp4');
  const rate = options.linesPerSecond ?? 20_000;
  const started = performance.now();
  let sent = 0;
  let packets = 0;
  try {
    for (const packet of packLines(lines)) {
      await new Promise<void>((done, fail) => socket.send(packet, options.port, options.host, (err) => (err ? fail(err) : done())));
      packets++;
      sent += packet.split('\n').length;
      const ahead = (sent / rate) * 1000 - (performance.now() - started);
      if (ahead > 5) await new Promise((r) => setTimeout(r, ahead));
      if (packets % 50 === 0) options.onProgress?.(sent);
    }
  } finally {
    socket.close();
  }
  options.onProgress?.(sent);
  return { packets, lines: sent };
}
