/**
 * The fetch behind `http.request`. Redirects are followed here, not by fetch, so
 * that every hop passes the same checks as the first URL: host and port against
 * `http.allowHosts`, and the connected address through `checkedAgent`. At most
 * `MAX_REDIRECTS` hops are followed. A hop to another origin (scheme, host or
 * port) carries none of the step's headers (Authorization, Cookie, X-Api-Key…),
 * except `content-type` when the body goes along. Messages show a URL as `shown` does, and the
 * first URL as the step wrote it when it holds secret references (`shownAs`).
 */
import { fetch as undiciFetch, type Agent } from 'undici';
import { isUrlAllowed, portOf } from '../actions/allowed-host.js';
import { AddressNotAllowedError } from './errors/address-not-allowed.js';
import { HttpRequestFailedError } from './errors/index.js';

export const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export interface GuardedRequest {
  method: string;
  headers: Headers;
  body?: string;
  signal: AbortSignal;
  /** How messages show the first URL (the step's URL as written, references unresolved); default `shown(url)`. */
  shownAs?: string;
}

/** Origin and path of a URL: what messages may show (query strings may carry tokens). */
export function shown(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

/**
 * Origin and path of a URL as the step wrote it, before its secret references were resolved:
 * everything from the first `?` or `#` outside a reference is cut, as `shown` cuts the query.
 */
export function shownWritten(written: string): string {
  let inReference = false;
  for (let i = 0; i < written.length; i++) {
    if (written.startsWith('{secret:', i)) inReference = true;
    else if (inReference && written[i] === '}') inReference = false;
    else if (!inReference && (written[i] === '?' || written[i] === '#')) return written.slice(0, i);
  }
  return written;
}

/**
 * Sends `request` to `url` through `agent`, following redirects within the allow-list.
 * The first URL is expected to be checked by the caller already.
 */
export async function guardedFetch(url: URL, request: GuardedRequest, allowHosts: readonly string[], agent: Agent): Promise<Response> {
  let hop = url;
  let { method, headers, body } = request;
  const label = (at: URL) => (at === url && request.shownAs !== undefined ? request.shownAs : shown(at));
  for (let redirects = 0; ; redirects++) {
    const response = (await undiciFetch(hop, {
      method,
      headers: Object.fromEntries(headers),
      signal: request.signal,
      redirect: 'manual',
      dispatcher: agent,
      ...(body !== undefined ? { body } : {}),
    })) as unknown as Response;
    const location = REDIRECTS.has(response.status) ? response.headers.get('location') : null;
    if (location === null) return response;
    await response.body?.cancel();
    if (redirects === MAX_REDIRECTS) {
      throw new HttpRequestFailedError(`${method} ${label(url)} failed: more than ${MAX_REDIRECTS} redirects`, { url: label(url) });
    }
    const next = nextHop(hop, label(hop), location, allowHosts);
    if (next.origin !== hop.origin) headers = withoutStepHeaders(headers, body !== undefined);
    // As browsers do: 303 turns into GET, and so do 301/302 after a POST; 307/308 keep method and body.
    if ((response.status === 303 && method !== 'HEAD') || ((response.status === 301 || response.status === 302) && method === 'POST')) {
      method = 'GET';
      body = undefined;
      headers = new Headers(headers);
      headers.delete('content-type');
    }
    hop = next;
  }
}

function nextHop(from: URL, fromShown: string, location: string, allowHosts: readonly string[]): URL {
  let next: URL;
  try {
    next = new URL(location, from);
  } catch {
    throw new HttpRequestFailedError(`${fromShown} redirected to an invalid URL`, { url: fromShown });
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') {
    throw new AddressNotAllowedError(`${fromShown} redirected to a ${next.protocol} URL; only http and https are followed`, { url: fromShown });
  }
  if (!isUrlAllowed(next, allowHosts)) {
    const target = `${next.hostname}:${portOf(next)}`;
    throw new AddressNotAllowedError(
      `${fromShown} redirected to \`${target}\`, which \`http.allowHosts\` does not allow; add \`${target}\` to \`http.allowHosts\` in the configuration to follow it (allowed: ${allowHosts.join(', ') || 'none'})`,
      { url: fromShown, host: next.hostname, port: portOf(next) },
    );
  }
  return next;
}

function withoutStepHeaders(headers: Headers, keepContentType: boolean): Headers {
  const kept = new Headers();
  const type = headers.get('content-type');
  if (keepContentType && type !== null) kept.set('content-type', type);
  return kept;
}
