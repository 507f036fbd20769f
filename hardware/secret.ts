import { inspect } from 'node:util';

const REDACTED = '[redacted]';

/**
 * Holds a credential so that it cannot leak by accident: string conversion, JSON,
 * `util.inspect` (console.log, pino) and template literals all print `[redacted]`.
 * Only `reveal()` returns the value, which makes each real use easy to find in review.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The secret itself; pass it straight to the child process or HTTP client. */
  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [Symbol.toPrimitive](): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}

/** Replaces every occurrence of `secret` in `text` (for stderr of tools that may echo input). */
export function scrub(text: string, secret: Secret | undefined): string {
  const value = secret?.reveal();
  if (!value) return text;
  return text.split(value).join(REDACTED);
}
