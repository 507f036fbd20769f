import type { HardwareError } from '../errors/index.js';
import { BmcAuthenticationError, BmcCommandError, BmcTimeoutError, BmcUnreachableError, BmcUnsupportedError } from '../errors/index.js';
import type { Secret } from '../secret.js';
import { fetchFor, tlsHint, warnInsecure } from './tls.js';

/** Where a Redfish service lives and how to log in. */
export interface RedfishTarget {
  /** Inventory name, used in error messages. */
  readonly host: string;
  /** Base URL of the BMC, e.g. `https://10.0.0.11` or `http://127.0.0.1:8000`. */
  readonly baseUrl: string;
  readonly username: string;
  readonly password: Secret;
  /** `basic` sends credentials on every request; `session` logs in via SessionService once. */
  readonly auth?: 'basic' | 'session';
  /**
   * Verify the BMC's TLS certificate (default true). `false` sends requests through the
   * `undici` package with an Agent that accepts any certificate, and warns once per host.
   */
  readonly verifyTls?: boolean;
}

/** Per-call limits. */
export interface RequestOptions {
  /** Abort the HTTP request after this many ms (default: the client's, 15000). */
  readonly timeoutMs?: number;
  /** Aborting cancels the request (activity cancellation). */
  readonly signal?: AbortSignal;
  /** Give up on a BMC whose TCP connection does not open within this many ms (default: undici's, 10000). */
  readonly connectTimeoutMs?: number;
}

/** A Redfish HTTP answer: status, headers and the parsed JSON body (undefined when empty). */
export interface RedfishResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
}

/**
 * Sends one request and turns failures into `HardwareError`s. `action` marks POSTs to
 * Actions, where 400/404/405/501 mean "this BMC cannot do that" rather than a bug.
 */
export async function redfishFetch(
  target: RedfishTarget,
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string>; action?: boolean },
  opts: RequestOptions & { timeoutMs: number },
): Promise<RedfishResponse> {
  const url = sameOriginUrl(target, path);
  const where = `host ${target.host} (${url.host})`;
  const timeout = AbortSignal.timeout(opts.timeoutMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  let res: Response;
  try {
    const insecure = target.verifyTls === false && url.protocol === 'https:';
    if (insecure) warnInsecure(target.host, url.host);
    res = await fetchFor({ insecure, ...(opts.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: opts.connectTimeoutMs }) })(url, {
      method: init.method ?? 'GET',
      headers: { Accept: 'application/json', ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }), ...init.headers },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      signal,
      redirect: 'error',
    });
  } catch (err) {
    if (opts.signal?.aborted) throw new BmcTimeoutError(target.host, `${where}: request ${url.pathname} was cancelled`);
    if (timeout.aborted) throw new BmcTimeoutError(target.host, `${where}: no answer to ${url.pathname} within ${opts.timeoutMs} ms`);
    const cause = causeOf(err);
    const slow = /CONNECT_TIMEOUT|ETIMEDOUT/.test(cause) && opts.connectTimeoutMs !== undefined ? `, no connection within ${opts.connectTimeoutMs} ms` : '';
    throw new BmcUnreachableError(target.host, `${where}: cannot reach the Redfish service (${cause}${slow})`);
  }
  const text = await res.text().catch(() => '');
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (res.ok) return { status: res.status, headers: res.headers, body };
  throw classifyStatus(target.host, where, `${init.method ?? 'GET'} ${url.pathname}`, res.status, body, init.action ?? false);
}

/**
 * `path` (an `@odata.id`, a session `Location`) resolved against the BMC's base URL. A link
 * to another origin, such as `//other-host/collect`, is refused: every request carries the
 * BMC's credentials, which must go to the BMC only.
 */
function sameOriginUrl(target: RedfishTarget, path: string): URL {
  const base = new URL(target.baseUrl);
  const url = new URL(path, base);
  if (url.origin === base.origin) return url;
  throw new BmcCommandError(
    target.host,
    `host ${target.host} (${base.host}): refusing to follow the link to ${url.origin}${url.pathname}: it leaves the BMC's origin ${base.origin}, and the BMC's credentials are sent to the BMC only`,
  );
}

/** Maps an HTTP error status to the error class a caller can act on. */
export function classifyStatus(host: string, where: string, what: string, status: number, body: unknown, action: boolean): HardwareError {
  const detail = redfishMessage(body);
  const msg = `${where}: ${what} answered HTTP ${status}${detail ? `: ${detail}` : ''}`;
  if (status === 401 || status === 403) return new BmcAuthenticationError(host, `${where}: the BMC rejected the credentials (HTTP ${status})`);
  if (status === 501 || (action && (status === 400 || status === 404 || status === 405))) return new BmcUnsupportedError(host, msg);
  if (status >= 500 || status === 429 || status === 408) return new BmcUnreachableError(host, msg);
  return new BmcCommandError(host, msg);
}

/** The `error.message` (or first extended message) of a Redfish error body; cut short so logs stay readable. */
function redfishMessage(body: unknown): string {
  const err = (body as { error?: { message?: unknown; '@Message.ExtendedInfo'?: { Message?: unknown }[] } } | undefined)?.error;
  const text = err?.['@Message.ExtendedInfo']?.[0]?.Message ?? err?.message;
  return typeof text === 'string' ? text.slice(0, 200) : '';
}

/** fetch wraps the socket error (ECONNREFUSED, ENOTFOUND, certificate errors) in `cause`. */
function causeOf(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? cause?.message ?? (err as Error).message;
  return tlsHint(code) ?? code;
}
