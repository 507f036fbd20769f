import ms, { type StringValue } from 'ms';
import { Context } from '@temporalio/activity';
import { CancelledFailure } from '@temporalio/common';
import { z } from 'zod';
import { httpRequestParams, type HttpResponse } from '../actions/index.js';
import { isHostAllowed, portOf } from '../actions/allowed-host.js';
import { defaultSecretResolver, encodeBasicCredentials, hasSecretRef, type Scrubber, type SecretResolver, type SecretSession } from '../secrets/index.js';
import { parseArgs } from './args.js';
import { callSite } from './context.js';
import { AddressNotAllowedError } from './errors/address-not-allowed.js';
import { HostNotAllowedError, HttpRequestFailedError, HttpStatusError, InvalidArgumentsError } from './errors/index.js';
import { guardedFetch, shown, shownWritten } from './guarded-fetch.js';
import type { ActivityLogger } from './logger.js';
import { checkedAgent } from './reach.js';
import { MAX_BODY_BYTES, readBody } from './read-body.js';
import { SECRET_KEY } from './redact.js';
import { toFailure } from './to-failure.js';

const DEFAULT_TIMEOUT = '10s';

/** A URL that holds secret references is checked once they are resolved. */
const withWrittenUrl = httpRequestParams.extend({ url: z.string().min(1) });

/**
 * The `http.request` action: one request to an allow-listed host and port, bounded by a
 * per-request timeout (connect, redirects and body together) and by the activity's
 * cancellation. Redirects are followed only within the allow-list (`guarded-fetch.ts`),
 * and every connection is checked on the address dialled (`reach.ts`). Returns status,
 * headers and body; a status outside `expectStatus` (default 200-399) fails.
 *
 * Secret references (`{secret:env/NAME}`) in `url`, header values and `body` are resolved
 * here, through `secrets`, and nowhere else: the workflow and its history hold only the
 * reference. Their values, in the encodings a peer may echo them in, are scrubbed from the
 * output, from every error and from the log; credential headers (`set-cookie`…) are dropped
 * from the output whether or not the step used a secret.
 */
export function createHttpRequest(allowHosts: readonly string[], logger: ActivityLogger, secrets: SecretResolver = defaultSecretResolver()) {
  return async function httpRequest(raw: unknown): Promise<HttpResponse> {
    const session = secrets.session();
    try {
      return await send(raw, session, allowHosts, logger);
    } catch (err) {
      throw hidden(err, session.scrubber);
    }
  };
}

async function send(raw: unknown, session: SecretSession, allowHosts: readonly string[], logger: ActivityLogger): Promise<HttpResponse> {
  const writtenUrl = (raw as { url?: unknown } | null)?.url;
  const secretUrl = typeof writtenUrl === 'string' && hasSecretRef(writtenUrl);
  const args = parseArgs(secretUrl ? withWrittenUrl : httpRequestParams, raw, 'http.request');
  const url = secretUrl ? parseResolvedUrl(await session.text(args.url), args.url) : new URL(args.url);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidArgumentsError(`Invalid arguments for \`http.request\`: url must be http or https, got ${url.protocol}`);
  }
  checkFirstHop(url, allowHosts);
  if (args.body !== undefined && (args.method === 'GET' || args.method === 'HEAD')) {
    throw new InvalidArgumentsError(`Invalid arguments for \`http.request\`: a ${args.method} request cannot have a body`);
  }
  // Query strings may carry tokens: messages and logs name origin and path only; a path
  // with secrets in it is shown as written, with its references.
  const where = secretUrl ? shownWritten(args.url) : shown(url);
  const headers = await requestHeaders(args.headers ?? {}, session);
  let body: string | undefined;
  if (typeof args.body === 'string') body = await session.text(args.body);
  else if (args.body !== undefined) {
    body = JSON.stringify(await session.value(args.body));
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  }
  const cancelled = Context.current().cancellationSignal;
  const timeout = String(args.timeout ?? DEFAULT_TIMEOUT);
  const deadline = requestDeadline(durationMs(args.timeout ?? DEFAULT_TIMEOUT), timeout, cancelled);
  const agent = checkedAgent(allowHosts);

  let result: HttpResponse;
  let statusText: string;
  try {
    const request = { method: args.method, headers, signal: deadline.signal, shownAs: where, ...(body !== undefined ? { body } : {}) };
    const response = await guardedFetch(url, request, allowHosts, agent);
    statusText = response.statusText;
    result = output(response.status, response.ok, response.headers, args.method === 'HEAD' ? '' : await readBody(response), session.scrubber);
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
  logger.info({ ...callSite(), method: args.method, url: session.scrubber.text(where), status: result.status }, 'http.request');
  if (!expected(result.status, args.expectStatus)) {
    throw new HttpStatusError(args.method, where, result.status, session.scrubber.text(statusText));
  }
  return result;
}

/** The resolved URL; a bad one is named as written, never as resolved. */
function parseResolvedUrl(resolved: string, written: string): URL {
  try {
    return new URL(resolved);
  } catch {
    throw new InvalidArgumentsError(`Invalid arguments for \`http.request\`: url: \`${shownWritten(written)}\` is not an absolute URL once its secrets are filled in`, {
      action: 'http.request',
      problems: ['url: Invalid URL'],
    });
  }
}

/**
 * The request headers with references resolved (a `Basic` credential built from references is
 * encoded). A value a header cannot carry is refused naming the header, never showing the value.
 */
async function requestHeaders(written: Record<string, string>, session: SecretSession): Promise<Headers> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(written)) {
    let resolved = await session.text(value);
    if (name.toLowerCase() === 'authorization') resolved = encodeBasicCredentials(value, resolved, session.scrubber);
    try {
      headers.append(name, resolved);
    } catch {
      throw new InvalidArgumentsError(
        `Invalid arguments for \`http.request\`: header \`${session.scrubber.text(name)}\` has an invalid name, or a value with a line break or NUL`,
        { action: 'http.request', problems: [`headers.${session.scrubber.text(name)}: invalid header`] },
      );
    }
  }
  return headers;
}

/**
 * The step's output: secrets scrubbed from headers and body, and headers that carry credentials
 * (`set-cookie`, `x-auth-token`…, the names `redact` hides in logs) left out: the output lands in
 * workflow history and in later steps' templates.
 */
function output(status: number, ok: boolean, received: Headers, body: unknown, scrubber: Scrubber): HttpResponse {
  const headers = Object.fromEntries([...received].filter(([name]) => !SECRET_KEY.test(name)).map(([name, value]) => [name, scrubber.text(value)]));
  // A body cut at the limit may end with the first bytes of a secret.
  const cut = typeof body === 'string' && Buffer.byteLength(body) >= MAX_BODY_BYTES - 3;
  return { status, ok, headers, body: typeof body === 'string' ? scrubber.text(body, { cutTail: cut }) : scrubber.value(body) };
}

/**
 * What leaves the activity when it fails: with secrets resolved, a failure whose message and
 * details are scrubbed and which carries no cause (Temporal would send the cause's message and
 * stack along). A cancellation passes as it is; it names no value.
 */
function hidden(err: unknown, scrubber: Scrubber): unknown {
  if (scrubber.empty || err instanceof CancelledFailure) return err;
  return toFailure(err, scrubber);
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
