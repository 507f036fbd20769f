/**
 * The aggregated series in Prometheus' text format, as statsd_exporter exposes them, so a
 * Prometheus can scrape the daemon: counters become `<name>_total` (cumulative), gauges and sets
 * their level, timers, histograms and distributions a summary (the last window's quantiles,
 * cumulative `_sum` and `_count`). Names and tag keys are mapped to Prometheus' alphabet
 * (`api.latency` → `api_latency`); units stay as sent. Series idle for `idleMs` are dropped, so
 * the exposition is bounded by the aggregator's series limit.
 */
import type { Rollup } from './rollup/types.js';

interface Exported {
  name: string;
  type: Rollup['type'];
  labels: string;
  value: number;
  sum: number;
  count: number;
  quantiles: [string, number][];
  seen: number;
}

export class Exposition {
  readonly #series = new Map<string, Exported>();

  constructor(readonly idleMs = 3_600_000) {}

  /** Takes a flushed window's rollups. */
  update(rollups: readonly Rollup[], now = Date.now()): void {
    for (const r of rollups) {
      let e = this.#series.get(r.series);
      if (e === undefined) {
        e = { name: promName(r.name), type: r.type, labels: promLabels(r.tags), value: 0, sum: 0, count: 0, quantiles: [], seen: now };
        this.#series.set(r.series, e);
      }
      e.seen = now;
      if (r.type === 'counter') e.value += r.sum;
      else if (r.type === 'gauge') e.value = r.last ?? r.sum;
      else if (r.type === 'set') e.value = r.unique ?? r.sum;
      else {
        e.sum += r.sum;
        e.count += r.count;
        e.quantiles = Object.entries(r.p ?? {}).map(([k, v]) => [String(Number(k.slice(1)) / 100), v]);
      }
    }
    for (const [key, e] of this.#series) if (now - e.seen > this.idleMs) this.#series.delete(key);
  }

  get size(): number {
    return this.#series.size;
  }

  /** The text exposition (one `# TYPE` per name). */
  text(): string {
    const byName = new Map<string, Exported[]>();
    for (const e of this.#series.values()) {
      const key = e.type === 'counter' ? `${e.name}_total` : e.name;
      byName.set(key, [...(byName.get(key) ?? []), e]);
    }
    const out: string[] = [];
    for (const [name, list] of [...byName].sort(([a], [b]) => a.localeCompare(b))) {
      const kind = list[0]!.type;
      const sampled = kind === 'timer' || kind === 'histogram' || kind === 'distribution';
      out.push(`# TYPE ${name} ${kind === 'counter' ? 'counter' : sampled ? 'summary' : 'gauge'}`);
      for (const e of list) {
        if (!sampled) {
          out.push(`${name}${braces(e.labels)} ${num(e.value)}`);
          continue;
        }
        for (const [q, v] of e.quantiles) out.push(`${name}${braces(join(e.labels, `quantile="${q}"`))} ${num(v)}`);
        out.push(`${name}_sum${braces(e.labels)} ${num(e.sum)}`, `${name}_count${braces(e.labels)} ${num(e.count)}`);
      }
    }
    return out.length > 0 ? `${out.join('\n')}\n` : '';
  }
}

/** A metric name in Prometheus' alphabet: `[a-zA-Z_:][a-zA-Z0-9_:]*`. */
export function promName(name: string): string {
  const s = name.replace(/[^a-zA-Z0-9_:]/g, '_');
  return /^[0-9]/.test(s) ? `_${s}` : s || '_';
}

function promLabels(tags: Record<string, string>): string {
  return Object.entries(tags)
    .map(([k, v]) => [promLabelName(k), v] as const)
    .filter(([k]) => k !== 'quantile')
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`)
    .join(',');
}

function promLabelName(key: string): string {
  const s = key.replace(/[^a-zA-Z0-9_]/g, '_');
  return /^[0-9]/.test(s) || s.startsWith('__') ? `_${s.replace(/^_+/, '')}` : s || '_';
}

const join = (a: string, b: string) => (a ? `${a},${b}` : b);
const braces = (labels: string) => (labels ? `{${labels}}` : '');
const num = (v: number) => (Number.isFinite(v) ? String(v) : v > 0 ? '+Inf' : v < 0 ? '-Inf' : 'NaN');
