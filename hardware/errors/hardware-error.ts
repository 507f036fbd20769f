/** What went wrong talking to a BMC; `name` doubles as a Temporal ApplicationFailure type later. */
export type HardwareErrorKind = 'authentication' | 'unsupported' | 'command' | 'timeout' | 'unreachable';

/**
 * Base class of BMC errors. Messages name the host and never contain a credential;
 * `retryable` tells an activity whether trying again can help.
 */
export abstract class HardwareError extends Error {
  abstract readonly kind: HardwareErrorKind;
  abstract readonly retryable: boolean;

  constructor(
    /** Inventory name of the host whose BMC failed. */
    readonly host: string,
    message: string,
  ) {
    super(message);
  }
}
