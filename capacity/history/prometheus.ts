/**
 * History from Prometheus (`query_range`): the PromQL of `promql.ts`, evaluated at every step of
 * the same grid the store uses (`regular.ts`: steps from `from` rounded up, to before `to`). Long
 * ranges are read in windows of at most 11,000 points per series, Prometheus's limit per answer.
 * Several series in the answer are summed per step, as the store sums its series; write
 * `sum(...)` or tighter labels to choose otherwise. Values arrive as strings; `NaN`/`±Inf` and
 * steps with no sample count as missing: up to 20 % missing are filled by linear interpolation
 * (counted in `filled`), more is a `HistoryGapError`, never a forecast from invented data.
 */
import { HistoryError } from '../errors.js';
import type { History, HistoryQuery, HistorySource } from '../types.js';
import { describeUrl, queryRange, type PrometheusClientOptions } from './prometheus-api.js';
import { toPromql } from './promql.js';
import { regularise } from './regular.js';

/** Prometheus refuses a `query_range` answer of more than 11,000 points per series. */
export const MAX_POINTS_PER_REQUEST = 11_000;

export interface PrometheusHistoryOptions extends PrometheusClientOptions {
  /** Most points one request asks for (default and upper bound: 11,000). */
  maxPointsPerRequest?: number;
}

export class PrometheusHistory implements HistorySource {
  readonly kind = 'prometheus' as const;
  readonly #options: PrometheusHistoryOptions;
  readonly #maxPoints: number;

  /** `url` alone, or options; the URL is checked here, so a bad one fails at startup. */
  constructor(options: string | PrometheusHistoryOptions) {
    this.#options = typeof options === 'string' ? { url: options } : options;
    if (!URL.canParse(this.#options.url) || !/^https?:$/.test(new URL(this.#options.url).protocol)) {
      throw new HistoryError(`Prometheus history: ${JSON.stringify(this.#options.url)} is not an http(s) URL`, false);
    }
    const max = this.#options.maxPointsPerRequest ?? MAX_POINTS_PER_REQUEST;
    if (!Number.isInteger(max) || max < 1 || max > MAX_POINTS_PER_REQUEST) {
      throw new HistoryError(`Prometheus history: maxPointsPerRequest must be a whole number from 1 to ${MAX_POINTS_PER_REQUEST}, not ${max}`, false);
    }
    this.#maxPoints = max;
  }

  async range(query: HistoryQuery): Promise<History> {
    const promql = toPromql(query.metric, query.labels);
    const what = `prometheus:${promql}`;
    const { start, count } = grid(query, what);
    const points: { t: number; value: number }[] = [];
    let series = 0;
    for (let i = 0; i < count; i += this.#maxPoints) {
      const last = Math.min(i + this.#maxPoints, count) - 1;
      const result = await queryRange(this.#options, { query: promql, start: start + i * query.stepMs, end: start + last * query.stepMs, stepMs: query.stepMs });
      series += result.length;
      for (const s of result) for (const [t, v] of s.values) points.push({ t: Math.round(t * 1000), value: Number(v) });
    }
    if (series === 0) {
      throw new HistoryError(
        `${what}: Prometheus at ${describeUrl(this.#options.url)} has no series for ${promql} between ${iso(start)} and ${iso(start + (count - 1) * query.stepMs)}; check the metric name and labels`,
        false,
      );
    }
    const regular = regularise(points, query.from, query.to, query.stepMs, what);
    return { timestamps: regular.timestamps, values: regular.values, stepMs: query.stepMs, source: what, filled: regular.filled };
  }
}

/** The steps `regularise` fills: the first at or after `from`, the last before `to`. */
function grid(query: HistoryQuery, what: string): { start: number; count: number } {
  const { from, to, stepMs } = query;
  if (!(stepMs > 0) || !Number.isFinite(from) || !Number.isFinite(to) || to <= from) {
    throw new HistoryError(`${what}: empty range (from ${from}, to ${to}, step ${stepMs} ms)`, false);
  }
  const start = Math.ceil(from / stepMs) * stepMs;
  const count = Math.floor((to - 1 - start) / stepMs) + 1;
  if (count <= 0) throw new HistoryError(`${what}: the range holds no whole step of ${stepMs} ms`, false);
  return { start, count };
}

function iso(t: number): string {
  return new Date(t).toISOString();
}
