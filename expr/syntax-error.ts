/**
 * A template or expression the author wrote cannot be parsed.
 *
 * `offset` is 0-based into the string that was parsed; for templates it is the
 * offset into the whole template string, so the compiler can turn it into a
 * line and column of the runbook. `path` is set by `templateRoots`/`renderValue`
 * to the JSON path of the string inside a templated value.
 */
export class ExprSyntaxError extends Error {
  override name = 'ExprSyntaxError';
  readonly offset: number;
  path?: (string | number)[];

  constructor(message: string, offset: number) {
    super(message);
    this.offset = offset;
  }
}

/** Type guard that also works across bundles, where `instanceof` may not. */
export function isExprSyntaxError(error: unknown): error is ExprSyntaxError {
  return error instanceof Error && error.name === 'ExprSyntaxError';
}
