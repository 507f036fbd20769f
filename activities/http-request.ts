import ms, { type StringValue } from 'ms';
import { Context } from '@temporalio/activity';
import { httpRequestParams, type HttpResponse } from '../actions/index.js';
import { isHostAllowed, portOf } from '../actions/allowed-host.js';
import { parseArgs } from './args.js';
import { callSite } from './context.js';
import { AddressNotAllowedError } from './errors/address-not-allowed.js';
import { HostNotAllowedError, HttpRequestFailedError, HttpStatusError, InvalidArgumentsError } from './errors/index.js';
import { guardedFetch, shown } from './guarded-fetch.js';
import type { ActivityLogger } from './logger.js';
import { checkedAgent } from './reach.js';
import { readBody } from './read-body.js';

const DEFAULT_TIMEOUT = '10s';

/**
 * The `http.request` action: one request to an allow-listed host and port, bounded by a
 * per-request timeout (connect, redirects and body together) and by the activity's
 * cancellation. Redirects are followed only within the allow-list (`guarded-fetch.ts`),
 * and every connection is checked on the address dialled (`reach.ts`). Returns status,
 * headers and body; a status outside `expectStatus` (default 200-399) fails.
 */
export function createHttpRequest(allowHosts: readonly string[], logger: ActivityLogger) {
  return async function httpRequest(raw: unknown): Promise<HttpResponse> {
    const args = parseArgs(httpRequestParams, raw, 'http.request');
    const url = new URL(args.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new InvalidArgumentsError(`Invalid arguments for \`http.request\`: url must be http or https, got ${url.protocol}`);
    }
    checkFirstHop(url, allowHosts);
    if (args.body !== undefined && (args.method === 'GET' || args.method === 'HEAD')) {
      throw new InvalidArgumentsError(`Invalid arguments for \`http.request\`: a ${args.method} request cannot have a body`);
    }
    // Query strings may carry tokens: messages and logs name origin and path only.
    const where = shown(url);
    const headers = new Headers(args.headers ?? {});
    let body: string | undefined;
    if (typeof args.body === 'string') body = args.body;
    else if (args.body !== undefined) {
      body = JSON.stringify(args.body);
      if (!headers.has('content-type')) headers.set('content-type', 'application/json');
    }
    const cancelled = Context.current().cancellationSignal;
    const timeout = String(args.timeout ?? DEFAULT_TIMEOUT);
    const deadline = requestDeadline(durationMs(args.timeout ?? DEFAULT_TIMEOUT), timeout, cancelled);
    const agent = checkedAgent(allowHosts);

    let result: HttpResponse;
    let statusText: string;
    try {
      const request = { method: args.method, headers, signal: deadline.signal, ...(body !== undefined ? { body } : {}) };
      const response = await guardedFetch(url, request, allowHosts, agent);
      statusText = response.statusText;
      result = {
        status: response.status,
        ok: response.ok,
        headers: Object.fromEntries(response.headers),
        body: args.method === 'HEAD' ? '' : await readBody(response),
      };
    } catch (err) {
      if (cancelled.aborted) throw cancelled.reason;
      const refused = refusalIn(err);
      if (refused) throw refused;
      if (err instanceof HttpRequestFailedError) throw err;
      const reason = deadline.timedOut() ? `no answer within ${timeout}` : causeOf(err);
      throw new HttpRequestFailedError(`${args.method} ${where} failed: ${reason}`, { url: where });
    } finally {
      deadline.dispose();
      // Closes the connection even when the body was not read to the end.
      void agent.destroy().catch(() => undefined);
    }
    logger.info({ ...callSite(), method: args.method, url: where, status: result.status }, 'http.request');
    if (!expected(result.status, args.expectStatus)) {
      throw new HttpStatusError(args.method, where, result.status, statusText);
    }
    return result;
  };
}

/**
 * One signal for the request: aborted after `ms` or when the activity is cancelled. A timer
 * held here and cleared by `dispose`, not `AbortSignal.timeout`: a timeout signal that only
 * `AbortSignal.any` refers to can be garbage-collected while waiting, and then never fires.
 */
function requestDeadline(ms: number, label: string, cancelled: AbortSignal) {
  const abort = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    abort.abort(new DOMException(`no answer within ${label}`, 'TimeoutError'));
  }, ms);
  const onCancel = () => abort.abort(cancelled.reason);
  if (cancelled.aborted) onCancel();
  else cancelled.addEventListener('abort', onCancel, { once: true });
  return {
    signal: abort.signal,
    timedOut: () => timedOut,
    dispose: () => {
      clearTimeout(timer);
      cancelled.removeEventListener('abort', onCancel);
    },
  };
}

/** The host must be listed; with its port, when the entry names one. */
function checkFirstHop(url: URL, allowHosts: readonly string[]): void {
  if (!isHostAllowed(url.hostname, allowHosts)) throw new HostNotAllowedError(url.hostname, allowHosts);
  const port = portOf(url);
  if (isHostAllowed(url.hostname, allowHosts, port)) return;
  const named = `${url.hostname}:${port}`;
  throw new AddressNotAllowedError(
    `Port ${port} of host \`${url.hostname}\` is not allowed; add \`${named}\` to \`http.allowHosts\` in the configuration (allowed: ${allowHosts.join(', ')})`,
    { host: url.hostname, port },
  );
}

/** A refusal raised inside the connector reaches us as the `cause` of fetch's TypeError. */
function refusalIn(err: unknown): AddressNotAllowedError | undefined {
  if (err instanceof AddressNotAllowedError) return err;
  const cause = (err as { cause?: unknown } | undefined)?.cause;
  return cause instanceof AddressNotAllowedError ? cause : undefined;
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
