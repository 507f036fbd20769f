/**
 * History from the embedded telemetry store (telemetry/store): the metric's series matching the
 * labels, bucketed by the step and summed across series (one load per service), on a regular
 * grid (`regular.ts`).
 */
import type { TimeSeriesStore } from '../../telemetry/store/index.js';
import type { History, HistoryQuery, HistorySource } from '../types.js';
import { regularise } from './regular.js';

export class StoreHistory implements HistorySource {
  readonly kind = 'store' as const;
  constructor(private readonly store: Pick<TimeSeriesStore, 'query'>) {}

  async range(query: HistoryQuery): Promise<History> {
    const labels = query.labels ?? {};
    const what = `store:${query.metric}${describe(labels)}`;
    const series = await this.store.query({ name: query.metric, tags: labels, from: query.from, to: query.to, step: query.stepMs });
    const regular = regularise(series.flatMap((s) => s.points), query.from, query.to, query.stepMs, what);
    return { timestamps: regular.timestamps, values: regular.values, stepMs: query.stepMs, source: what, filled: regular.filled };
  }
}

function describe(labels: Record<string, string>): string {
  const entries = Object.entries(labels);
  return entries.length === 0 ? '' : `{${entries.map(([k, v]) => `${k}=${v}`).join(',')}}`;
}
