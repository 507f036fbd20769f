/**
 * A well-formed expression failed at run time (wrong operand types, division by
 * zero, refused member). The message names the failing (sub-)expression;
 * `offset` is where that sub-expression starts in the parsed string.
 */
export class ExprEvalError extends Error {
  override name = 'ExprEvalError';
  readonly offset: number;
  path?: (string | number)[];

  constructor(message: string, offset: number) {
    super(message);
    this.offset = offset;
  }
}

/** Type guard that also works across bundles, where `instanceof` may not. */
export function isExprEvalError(error: unknown): error is ExprEvalError {
  return error instanceof Error && error.name === 'ExprEvalError';
}
