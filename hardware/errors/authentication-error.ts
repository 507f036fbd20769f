import { HardwareError } from './hardware-error.js';

/** The BMC rejected the username or password; retrying with the same credentials cannot help. */
export class BmcAuthenticationError extends HardwareError {
  override name = 'BmcAuthenticationError';
  readonly kind = 'authentication';
  readonly retryable = false;
}
