/**
 * Paced sending for `swaybot telemetry replay`: line i leaves at `schedule[i]` ms after the start
 * (never before), the lines due together packed into packets of at most 1,400 bytes
 * (`packLines` of telemetry/replay.ts, so a packet fits an Ethernet MTU). The schedule comes from
 * `replaySchedule`: the series' own steps divided by the speed, and never faster than
 * `MAX_LINES_PER_SECOND`, which is what `--speed max` sends at. Lines may leave up to `TICK_MS` early.
 */
import { createSocket } from 'node:dgram';
import { setTimeout as sleep } from 'node:timers/promises';
import { packLines } from '../../telemetry/replay.js';

/**
 * The fastest pace: 20,000 lines/s is about 14 packets of 1,400 bytes per millisecond at most,
 * which a loopback receiver drains long before its socket buffer (~200 KiB by default on Linux)
 * fills. A burst of a whole series at once would be dropped by the kernel, silently (UDP).
 */
export const MAX_LINES_PER_SECOND = 20_000;

/**
 * Lines due within this many ms go together, up to that much early: at the rate cap that is about
 * 100 lines, so packets leave full (1,400 bytes) instead of one or two lines per timer tick.
 */
const TICK_MS = 5;

/**
 * Send times (ms after the start) of points at `timestamps` (epoch ms) at `speed` times real time
 * (`'max'`: only the rate cap). Non-decreasing, so a step back in time is sent at once.
 */
export function replaySchedule(timestamps: readonly number[], speed: number | 'max', maxRate = MAX_LINES_PER_SECOND): number[] {
  const first = timestamps[0] ?? 0;
  const out: number[] = [];
  let previous = 0;
  for (let i = 0; i < timestamps.length; i++) {
    const paced = speed === 'max' ? 0 : (timestamps[i]! - first) / speed;
    const due = Math.max(previous, paced, (i * 1000) / maxRate);
    out.push(due);
    previous = due;
  }
  return out;
}

export interface PacedOptions {
  /** A resolved IP address. */
  host: string;
  port: number;
  family: 4 | 6;
  /** Called with the lines sent so far, after each batch. */
  onProgress?: (sent: number) => void;
  /** Stops sending (Ctrl-C): the result counts what went. */
  signal?: AbortSignal;
}

export interface PacedResult {
  lines: number;
  packets: number;
  seconds: number;
}

/** Sends `lines` at `schedule` (ms after the start, non-decreasing). */
export async function sendPaced(lines: readonly string[], schedule: readonly number[], options: PacedOptions): Promise<PacedResult> {
  const socket = createSocket(options.family === 6 ? 'udp6' : 'udp4');
  const started = performance.now();
  let i = 0;
  let packets = 0;
  try {
    while (i < lines.length && !options.signal?.aborted) {
      const now = performance.now() - started;
      const due = schedule[i]!;
      if (due > now + TICK_MS) {
        try {
          await sleep(due - now, undefined, options.signal ? { signal: options.signal } : {});
        } catch {
          break; // aborted
        }
        continue;
      }
      let j = i;
      while (j < lines.length && schedule[j]! <= now + TICK_MS) j++;
      for (const packet of packLines(lines.slice(i, j))) {
        await new Promise<void>((done, fail) => socket.send(packet, options.port, options.host, (err) => (err ? fail(err) : done())));
        packets++;
      }
      i = j;
      options.onProgress?.(i);
    }
  } finally {
    socket.close();
  }
  return { lines: i, packets, seconds: (performance.now() - started) / 1000 };
}
