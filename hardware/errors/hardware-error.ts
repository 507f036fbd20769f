import { SwaybotError, type ErrorDetails } from '../../errors/index.js';

/** What went wrong talking to a BMC. */
export type HardwareErrorKind = 'authentication' | 'unsupported' | 'command' | 'timeout' | 'unreachable';

/**
 * Base class of BMC errors. Messages name the host and never contain a credential;
 * `retryable` tells an activity whether trying again can help. The failure's details
 * are the host and the kind.
 */
export abstract class HardwareError extends SwaybotError {
  abstract readonly kind: HardwareErrorKind;

  constructor(
    /** Inventory name of the host whose BMC failed. */
    readonly host: string,
    message: string,
  ) {
    // The run status shows this message as it is: it must say which host.
    super(message.includes(host) ? message : `host ${host}: ${message}`);
  }

  override get details(): ErrorDetails {
    return { host: this.host, kind: this.kind };
  }
}
