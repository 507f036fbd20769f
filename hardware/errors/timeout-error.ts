import { HardwareError } from './hardware-error.js';

/** The call did not finish within its time limit; the BMC may be busy, so it is retryable. */
export class BmcTimeoutError extends HardwareError {
  override name = 'BmcTimeoutError';
  readonly kind = 'timeout';
  readonly retryable = true;
}
