import { ApplicationFailure } from '@temporalio/common';

/**
 * Base of the errors our activities raise on purpose. `name` doubles as the
 * `ApplicationFailure` type that workflows, retry policies and people see;
 * `retryable` says whether another attempt could succeed.
 */
export abstract class ActivityError extends Error {
  abstract readonly retryable: boolean;
  /** Extra facts for the failure's details (never secrets). */
  readonly details: Record<string, unknown>;

  constructor(message: string, details: Record<string, unknown> = {}, options?: ErrorOptions) {
    super(message, options);
    this.details = details;
  }

  /** The failure Temporal records: same message, `name` as type, retryability as decided here. */
  toFailure(): ApplicationFailure {
    return ApplicationFailure.create({
      message: this.message,
      type: this.name,
      nonRetryable: !this.retryable,
      details: [this.details],
    });
  }
}

/** True for our own activity errors, also across module copies. */
export function isActivityError(error: unknown): error is ActivityError {
  return error instanceof ActivityError;
}
