import ms, { type StringValue } from 'ms';
import { Context } from '@temporalio/activity';
import { httpRequestParams, type HttpResponse } from '../actions/index.js';
import { parseArgs } from './args.js';
import { isHostAllowed } from '../actions/index.js';
import { callSite } from './context.js';
import { HostNotAllowedError, HttpRequestFailedError, HttpStatusError, InvalidArgumentsError } from './errors/index.js';
import type { ActivityLogger } from './logger.js';
import { readBody } from './read-body.js';

const DEFAULT_TIMEOUT = '10s';

/**
 * The `http.request` action: one request to an allow-listed host, bounded by a
 * per-request timeout and by the activity's cancellation. Returns status,
 * headers and body; a status outside `expectStatus` (default 200-399) fails.
 */
export function createHttpRequest(allowHosts: readonly string[], logger: ActivityLogger) {
  return async function httpRequest(raw: unknown): Promise<HttpResponse> {
    const args = parseArgs(httpRequestParams, raw, 'http.request');
    const url = new URL(args.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new InvalidArgumentsError(`Invalid arguments for \`http.request\`: url must be http or https, got ${url.protocol}`);
    }
    if (!isHostAllowed(url.hostname, allowHosts)) throw new HostNotAllowedError(url.hostname, allowHosts);
    if (args.body !== undefined && (args.method === 'GET' || args.method === 'HEAD')) {
      throw new InvalidArgumentsError(`Invalid arguments for \`http.request\`: a ${args.method} request cannot have a body`);
    }
    // Query strings may carry tokens: messages and logs name origin and path only.
    const where = `${url.origin}${url.pathname}`;
    const headers = new Headers(args.headers ?? {});
    let body: string | undefined;
    if (typeof args.body === 'string') body = args.body;
    else if (args.body !== undefined) {
      body = JSON.stringify(args.body);
      if (!headers.has('content-type')) headers.set('content-type', 'application/json');
    }
    const cancelled = Context.current().cancellationSignal;
    const signal = AbortSignal.any([AbortSignal.timeout(durationMs(args.timeout ?? DEFAULT_TIMEOUT)), cancelled]);

    let response: Response;
    try {
      response = await fetch(url, { method: args.method, headers, signal, ...(body !== undefined ? { body } : {}) });
    } catch (err) {
      if (cancelled.aborted) throw cancelled.reason;
      const reason = err instanceof Error && err.name === 'TimeoutError' ? `no answer within ${String(args.timeout ?? DEFAULT_TIMEOUT)}` : causeOf(err);
      throw new HttpRequestFailedError(`${args.method} ${where} failed: ${reason}`, { url: where });
    }
    const result: HttpResponse = {
      status: response.status,
      ok: response.ok,
      headers: Object.fromEntries(response.headers),
      body: args.method === 'HEAD' ? '' : await readBody(response),
    };
    logger.info({ ...callSite(), method: args.method, url: where, status: response.status }, 'http.request');
    if (!expected(response.status, args.expectStatus)) {
      throw new HttpStatusError(args.method, where, response.status, response.statusText);
    }
    return result;
  };
}

function expected(status: number, expectStatus: number[] | undefined): boolean {
  return expectStatus ? expectStatus.includes(status) : status >= 200 && status <= 399;
}

function durationMs(value: string | number): number {
  return typeof value === 'number' ? value : ms(value.replace(/\s+/g, '') as StringValue);
}

/** undici hides the useful part (ECONNREFUSED…) in `cause`. */
function causeOf(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as Error & { cause?: unknown }).cause;
  return cause instanceof Error ? `${err.message} (${cause.message})` : err.message;
}
