/**
 * One `query_range` call to Prometheus's HTTP API (POST, form-encoded, so long PromQL fits), and
 * its failures as clear `HistoryError`s: unreachable (naming the URL), timed out, an HTTP error,
 * Prometheus's own error JSON (`{"status":"error","errorType","error"}`), or an answer that is
 * not a matrix. Values stay the strings Prometheus sends; the caller parses them.
 */
import { HistoryError } from '../errors.js';

/** One series of a matrix result: its labels and `[unix seconds, "value"]` pairs. */
export interface RangeSeries {
  metric: Record<string, string>;
  values: [number, string][];
}

export interface QueryRangeRequest {
  /** PromQL expression. */
  query: string;
  /** Epoch ms of the first and last evaluation (both included). */
  start: number;
  end: number;
  stepMs: number;
}

export interface PrometheusClientOptions {
  /** Prometheus's base URL, e.g. `http://prometheus:9090` (a path prefix is kept). */
  url: string;
  /** Extra request headers, e.g. `authorization`. */
  headers?: Record<string, string>;
  /** Per request (default 30 s). */
  timeoutMs?: number;
}

interface ApiAnswer {
  status?: unknown;
  errorType?: unknown;
  error?: unknown;
  data?: { resultType?: unknown; result?: unknown };
}

/** Where a message says the request went: origin and path, never credentials or a query string. */
export function describeUrl(url: string): string {
  const u = new URL(url);
  return `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
}

export async function queryRange(client: PrometheusClientOptions, request: QueryRangeRequest): Promise<RangeSeries[]> {
  const base = client.url.endsWith('/') ? client.url : `${client.url}/`;
  const endpoint = new URL('api/v1/query_range', base);
  const where = describeUrl(client.url);
  const timeoutMs = client.timeoutMs ?? 30_000;
  const form = new URLSearchParams({
    query: request.query,
    start: seconds(request.start),
    end: seconds(request.end),
    step: seconds(request.stepMs),
  });
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      headers: { ...client.headers, 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    if (err instanceof Error && err.name === 'TimeoutError') {
      throw new HistoryError(`Prometheus at ${where} did not answer query_range within ${timeoutMs} ms (query ${request.query})`, true, { cause: err });
    }
    const why = err instanceof Error && err.cause instanceof Error ? err.cause.message : err instanceof Error ? err.message : String(err);
    throw new HistoryError(`Prometheus at ${where} could not be reached (${why}); is it running, and is the URL right?`, true, { cause: err });
  }
  const text = await response.text();
  const answer = parse(text);
  const retryable = response.status >= 500 || response.status === 429;
  if (answer?.status === 'error') {
    const kind = typeof answer.errorType === 'string' ? answer.errorType : 'error';
    const again = retryable || kind === 'timeout' || kind === 'unavailable';
    throw new HistoryError(`Prometheus at ${where} refused the query ${request.query} (HTTP ${response.status}, ${kind}): ${String(answer.error)}`, again, {
      details: { status: response.status, errorType: kind },
    });
  }
  if (!response.ok) {
    throw new HistoryError(`Prometheus at ${where} answered HTTP ${response.status} ${response.statusText} to query_range: ${preview(text)}`, retryable, {
      details: { status: response.status },
    });
  }
  if (answer?.status !== 'success' || answer.data?.resultType !== 'matrix' || !Array.isArray(answer.data.result)) {
    throw new HistoryError(`Prometheus at ${where}: query_range answered without a matrix result: ${preview(text)}`, false);
  }
  return answer.data.result as RangeSeries[];
}

/** Epoch ms → the seconds Prometheus takes (fractions kept, no exponent). */
function seconds(ms: number): string {
  return String(ms / 1000);
}

function parse(text: string): ApiAnswer | undefined {
  try {
    const json: unknown = JSON.parse(text);
    return typeof json === 'object' && json !== null ? (json as ApiAnswer) : undefined;
  } catch {
    return undefined;
  }
}

function preview(text: string): string {
  const t = text.trim();
  return t.length === 0 ? '(empty body)' : t.length > 300 ? `${t.slice(0, 300)}…` : t;
}
