/** Facts an error adds to its failure. They are shown and stored in workflow history: never a secret. */
export type ErrorDetails = Readonly<Record<string, unknown>>;

export interface SwaybotErrorOptions {
  details?: ErrorDetails;
  cause?: unknown;
}

/**
 * Base of the errors swaybot raises on purpose. Each class sets `override name = '…'`; that name
 * is also the `type` of the ApplicationFailure an activity fails with, which workflows, retry
 * policies, tests and docs match on, so it never changes. `retryable` says whether another
 * attempt could succeed.
 */
export abstract class SwaybotError extends Error {
  abstract readonly retryable: boolean;
  readonly #details: ErrorDetails;

  constructor(message: string, options: SwaybotErrorOptions = {}) {
    super(message, 'cause' in options ? { cause: options.cause } : undefined);
    this.#details = options.details ?? {};
  }

  /** The failure type: the class's `name`. */
  get type(): string {
    return this.name;
  }

  /** Extra facts for the failure's details; subclasses may derive them from their fields. */
  get details(): ErrorDetails {
    return this.#details;
  }
}

/** True for every error swaybot raises on purpose. */
export function isSwaybotError(error: unknown): error is SwaybotError {
  return error instanceof SwaybotError;
}
