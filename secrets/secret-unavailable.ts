import { SwaybotError } from '../errors/index.js';

/**
 * A secret reference that cannot be resolved: malformed, an unknown store, not allowed,
 * not set, unreadable or empty. The message names the reference and where it was looked
 * for, never a value. Retrying cannot fix it: someone has to set the secret.
 */
export class SecretUnavailableError extends SwaybotError {
  override name = 'SecretUnavailable';
  readonly retryable = false;

  constructor(message: string, reference: string) {
    super(message, { details: { reference } });
  }
}
