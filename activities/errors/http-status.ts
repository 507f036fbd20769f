import { SwaybotError } from '../../errors/index.js';

/**
 * The server answered with a status the step does not expect. 5xx and 429 are
 * worth another attempt; any other status will not change by retrying.
 */
export class HttpStatusError extends SwaybotError {
  override name = 'HttpStatus';
  readonly retryable: boolean;
  readonly status: number;

  constructor(method: string, where: string, status: number, statusText: string) {
    super(`${method} ${where} answered ${status}${statusText ? ` ${statusText}` : ''}`, { details: { status } });
    this.status = status;
    this.retryable = status >= 500 || status === 429;
  }
}
