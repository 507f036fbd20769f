import { SwaybotError, type ErrorDetails } from '../../errors/index.js';

/** The request got no answer: connection refused, DNS failure, per-request timeout. Worth retrying. */
export class HttpRequestFailedError extends SwaybotError {
  override name = 'HttpRequestFailed';
  readonly retryable = true;

  constructor(message: string, details: ErrorDetails = {}) {
    super(message, { details });
  }
}
