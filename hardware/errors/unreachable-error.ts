import { HardwareError } from './hardware-error.js';

/** No answer from the BMC's address (down, rebooting, network); retryable. */
export class BmcUnreachableError extends HardwareError {
  override name = 'BmcUnreachableError';
  readonly kind = 'unreachable';
  readonly retryable = true;
}
