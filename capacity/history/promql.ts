/**
 * The PromQL a history query asks Prometheus for: a bare metric name plus label filters becomes
 * a selector (`requests_total{service="api"}`), with each value escaped as a PromQL string; any
 * other `metric` is taken as a PromQL expression, as written.
 */
import { HistoryError } from '../errors.js';

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** True when `metric` is a metric name, not an expression. */
export function isBareMetricName(metric: string): boolean {
  return METRIC_NAME.test(metric);
}

/** A PromQL double-quoted string holding `value` (backslash, quote and newline escaped). */
export function promqlString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/**
 * The PromQL for `metric` and `labels`: a selector with one equality matcher per label (sorted,
 * so the same query reads the same) when `metric` is a bare name; the expression itself when it
 * is not. Labels with an expression are refused: swaybot will not rewrite someone's PromQL.
 */
export function toPromql(metric: string, labels: Readonly<Record<string, string>> = {}): string {
  const query = metric.trim();
  if (query === '') throw new HistoryError('Prometheus history: the metric is empty', false);
  const entries = Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (entries.length === 0) return query;
  if (!isBareMetricName(query)) {
    throw new HistoryError(
      `Prometheus history: labels ${JSON.stringify(labels)} can only filter a bare metric name, not the PromQL expression ${query}; put the matchers into the expression`,
      false,
    );
  }
  const bad = entries.map(([k]) => k).filter((k) => !LABEL_NAME.test(k));
  if (bad.length > 0) throw new HistoryError(`Prometheus history: ${bad.map((k) => JSON.stringify(k)).join(', ')} is not a valid label name`, false);
  return `${query}{${entries.map(([k, v]) => `${k}=${promqlString(v)}`).join(',')}}`;
}
