import { HardwareError } from './hardware-error.js';

/** The BMC answered but refused or failed the command (bad argument, bad state); not retryable. */
export class BmcCommandError extends HardwareError {
  override name = 'BmcCommandError';
  readonly kind = 'command';
  readonly retryable = false;
}
