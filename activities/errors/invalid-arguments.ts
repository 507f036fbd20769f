import { ActivityError } from './activity-error.js';

/** The rendered arguments do not match the action's schema: retrying cannot fix it. */
export class InvalidArgumentsError extends ActivityError {
  override name = 'InvalidArguments';
  readonly retryable = false;
}
