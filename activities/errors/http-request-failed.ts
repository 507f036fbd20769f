import { ActivityError } from './activity-error.js';

/** The request got no answer: connection refused, DNS failure, per-request timeout. Worth retrying. */
export class HttpRequestFailedError extends ActivityError {
  override name = 'HttpRequestFailed';
  readonly retryable = true;
}
