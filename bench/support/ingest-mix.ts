/**
 * bench:ingest's packet mix, generated from a seed so every receiver gets the same bytes:
 * ~1,000 series (60 % counters, 20 % timers, 10 % gauges, 5 % sets, 5 % histograms and
 * distributions), DogStatsD tags on most, sample rates on some, gauge deltas on some; lines are
 * packed into packets of at most `maxPacket` bytes, `\n`-separated, as a client's buffer does.
 * Every line is valid for both swaybot and Etsy statsd (no value packing, rate before tags).
 */
import { mulberry32 } from '../../telemetry/rollup/sampling.js';

export interface PacketMix {
  packets: Buffer[];
  /** Lines in each packet. */
  linesPer: number[];
  lines: number;
  bytes: number;
  series: number;
}

/** mulberry32: a small seeded PRNG, [0, 1) (the aggregator's own). */
const prng = mulberry32;

type Kind = 'c' | 'ms' | 'g' | 's' | 'h' | 'd';
interface Series { head: string; kind: Kind; rate: string; tags: string }

const SERVICES = ['api', 'web', 'auth', 'billing', 'search', 'queue', 'cache', 'db', 'mail', 'cdn'];
const METRICS: Record<Kind, string[]> = {
  c: ['requests', 'errors', 'retries', 'hits', 'misses', 'bytes_out', 'jobs.done', 'jobs.failed'],
  ms: ['latency', 'db.query_time', 'render_time', 'upstream.latency'],
  g: ['queue.depth', 'connections', 'heap_used', 'threads'],
  s: ['users.unique', 'sessions.unique'],
  h: ['payload.size', 'batch.size'],
  d: ['response.size', 'ttfb'],
};

function catalog(rand: () => number, count: number): Series[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const out: Series[] = [];
  const seen = new Set<string>();
  while (out.length < count) {
    const r = out.length / count;
    const kind: Kind = r < 0.6 ? 'c' : r < 0.8 ? 'ms' : r < 0.9 ? 'g' : r < 0.95 ? 's' : r < 0.975 ? 'h' : 'd';
    const service = pick(SERVICES);
    const name = `${service}.${pick(METRICS[kind])}`;
    const host = `host:${service}-${Math.floor(rand() * 40)}`;
    // 80 % tagged; tag order is what a client sends (not always sorted).
    const tagged = rand() < 0.8;
    const tags = tagged ? (rand() < 0.5 ? `env:prod,${host},region:eu-${Math.floor(rand() * 3)}` : `${host},env:prod,code:${200 + Math.floor(rand() * 4) * 100}`) : '';
    const key = `${name}|${kind}|${tags}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const sampled = (kind === 'c' || kind === 'ms' || kind === 'h' || kind === 'd') && rand() < 0.3;
    out.push({ head: `${name}:`, kind, rate: sampled ? pick(['|@0.1', '|@0.5', '|@0.25']) : '', tags: tags === '' ? '' : `|#${tags}` });
  }
  return out;
}

function value(rand: () => number, kind: Kind): string {
  switch (kind) {
    case 'c':
      return String(1 + Math.floor(rand() * 10));
    case 'ms':
    case 'd':
      return (rand() * 500).toFixed(2);
    case 'h':
      return String(Math.floor(rand() * 65536));
    case 'g': {
      const level = Math.floor(rand() * 1000);
      const r = rand();
      return r < 0.15 ? `+${level % 10}` : r < 0.3 ? `-${level % 10}` : String(level);
    }
    case 's':
      return `u${Math.floor(rand() * 5000)}`;
  }
}

/** `lines` lines over `seriesCount` series, packed into packets of at most `maxPacket` bytes. */
export function generateMix(lines: number, seed = 0x1e57, seriesCount = 1000, maxPacket = 1400): PacketMix {
  const rand = prng(seed);
  const series = catalog(rand, seriesCount);
  const packets: Buffer[] = [];
  const linesPer: number[] = [];
  let current = '';
  let inPacket = 0;
  let bytes = 0;
  for (let n = 0; n < lines; n++) {
    const s = series[Math.floor(rand() * series.length)]!;
    const line = `${s.head}${value(rand, s.kind)}|${s.kind}${s.rate}${s.tags}`;
    if (inPacket > 0 && current.length + 1 + line.length > maxPacket) {
      packets.push(Buffer.from(current));
      linesPer.push(inPacket);
      bytes += current.length;
      current = '';
      inPacket = 0;
    }
    current = inPacket === 0 ? line : `${current}\n${line}`;
    inPacket++;
  }
  if (inPacket > 0) {
    packets.push(Buffer.from(current));
    linesPer.push(inPacket);
    bytes += current.length;
  }
  return { packets, linesPer, lines, bytes, series: series.length };
}
