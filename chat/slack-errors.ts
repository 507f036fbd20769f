/**
 * `@slack/web-api` errors as `ChatError`s: rate limits, Slack's own hiccups, 5xx
 * and network failures are retryable (Temporal's retry policy retries them);
 * everything Slack refuses on purpose (bad token, unknown channel, missing scope,
 * message too long) is not. Messages never carry the token.
 */
import { WebAPIHTTPError, WebAPIPlatformError, WebAPIRateLimitedError, WebAPIRequestError } from '@slack/web-api';
import { ChatError } from './notifier.js';

/** Slack error codes that mean "try again later" rather than "this will never work". */
const RETRYABLE_PLATFORM_ERRORS = new Set(['ratelimited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

/** Converts whatever a Web API call threw; `secrets` (the token) are scrubbed from the message. */
export function toChatError(error: unknown, method: string, secrets: readonly string[]): ChatError {
  const chatError = classify(error, method);
  const message = scrub(chatError.message, secrets);
  return message === chatError.message ? chatError : new ChatError(message, chatError.code, chatError.retryable, chatError.retryAfterMs);
}

function classify(error: unknown, method: string): ChatError {
  if (error instanceof ChatError) return error;
  if (error instanceof WebAPIRateLimitedError) {
    return new ChatError(`Slack rate-limited ${method}; retry after ${error.retryAfter}s`, 'ratelimited', true, error.retryAfter * 1000);
  }
  if (error instanceof WebAPIPlatformError) return platformError(error, method);
  if (error instanceof WebAPIHTTPError) {
    const retryable = error.statusCode >= 500 || error.statusCode === 408;
    return new ChatError(`Slack ${method} answered HTTP ${error.statusCode}${error.statusMessage ? ` ${error.statusMessage}` : ''}`, `http_${error.statusCode}`, retryable);
  }
  if (error instanceof WebAPIRequestError) {
    return new ChatError(`Slack ${method} request failed: ${describe(error.original)}`, 'network', true);
  }
  return new ChatError(`Slack ${method} failed unexpectedly: ${describe(error)}`, 'unexpected', false);
}

function platformError(error: WebAPIPlatformError, method: string): ChatError {
  const code = String(error.data.error);
  if (!/^[a-z0-9_.-]{1,64}$/i.test(code)) {
    // The SDK puts a body that is not JSON (a proxy's HTML page) into `error`: a hiccup, not an answer.
    return new ChatError(`Slack ${method} answered something that is not JSON`, 'invalid_response', true);
  }
  const data = error.data as { needed?: unknown; response_metadata?: { retryAfter?: unknown } };
  const needed = code === 'missing_scope' && typeof data.needed === 'string' ? ` (needs scope ${data.needed})` : '';
  const retryAfter = data.response_metadata?.retryAfter;
  const retryAfterMs = code === 'ratelimited' && typeof retryAfter === 'number' ? retryAfter * 1000 : undefined;
  return new ChatError(`Slack refused ${method}: ${code}${needed}`, code, RETRYABLE_PLATFORM_ERRORS.has(code), retryAfterMs);
}

/** An error's message with its cause's code (`fetch failed (UND_ERR_SOCKET: other side closed)`). */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  const causeText = cause && typeof cause === 'object' ? [cause.code, cause.message].filter((part) => typeof part === 'string').join(': ') : '';
  return causeText ? `${error.message} (${causeText})` : error.message;
}

function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length > 0) out = out.replaceAll(secret, '[redacted]');
  return out.replace(/xox[a-z]-[A-Za-z0-9-]+/g, '[redacted]');
}
