import { SwaybotError, type ErrorDetails } from '../../errors/index.js';

/** The rendered arguments do not match the action's schema: retrying cannot fix it. */
export class InvalidArgumentsError extends SwaybotError {
  override name = 'InvalidArguments';
  readonly retryable = false;

  constructor(message: string, details: ErrorDetails = {}) {
    super(message, { details });
  }
}
