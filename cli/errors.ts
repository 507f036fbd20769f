/** A failure the CLI reports as one clear message and an exit code, without a stack trace. */
export class CliError extends Error {
  override name = 'CliError';
  readonly exitCode: number;

  constructor(message: string, exitCode = 1) {
    super(message);
    this.exitCode = exitCode;
  }
}

/** True for errors that carry their own user-facing message. */
export function isCliError(error: unknown): error is CliError {
  return error instanceof CliError;
}
