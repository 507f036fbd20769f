import { HardwareError } from './hardware-error.js';

/** The BMC does not implement the command or cipher suite asked for; not retryable. */
export class BmcUnsupportedError extends HardwareError {
  override name = 'BmcUnsupportedError';
  readonly kind = 'unsupported';
  readonly retryable = false;
}
