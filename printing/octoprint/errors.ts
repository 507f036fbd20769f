import { SwaybotError, type ErrorDetails } from '../../errors/index.js';

export interface OctoPrintErrorOptions {
  /** The OctoPrint base URL (never holds the API key). */
  url: string;
  /** What was asked, e.g. `POST /api/job`. */
  request: string;
  retryable: boolean;
  /** The HTTP status, when OctoPrint answered. */
  status?: number;
  /** The printer's (OctoPrint's) own message from the response body, when it gave one. */
  printerMessage?: string;
  cause?: unknown;
}

/**
 * An OctoPrint request that failed. Retryable when another attempt could succeed: OctoPrint
 * unreachable, a 5xx, or 409 (printer not operational / busy). Not retryable: the API key
 * refused (401/403), a missing file (404), any other 4xx. The message never holds the key.
 */
export class OctoPrintError extends SwaybotError {
  override name = 'OctoPrintError';
  readonly retryable: boolean;
  readonly url: string;
  readonly request: string;
  readonly status: number | undefined;
  readonly printerMessage: string | undefined;

  constructor(message: string, options: OctoPrintErrorOptions) {
    super(message, 'cause' in options ? { cause: options.cause } : {});
    this.retryable = options.retryable;
    this.url = options.url;
    this.request = options.request;
    this.status = options.status;
    this.printerMessage = options.printerMessage;
  }

  override get details(): ErrorDetails {
    return {
      url: this.url,
      request: this.request,
      ...(this.status !== undefined ? { status: this.status } : {}),
      ...(this.printerMessage !== undefined ? { printerMessage: this.printerMessage } : {}),
    };
  }
}

export function isOctoPrintError(error: unknown): error is OctoPrintError {
  return error instanceof OctoPrintError;
}
