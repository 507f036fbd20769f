/** An event failed the schema on append; `issues` lists each problem as `path: message`. */
export class InvalidEventError extends Error {
  override name = 'InvalidEventError';
  readonly issues: readonly string[];

  constructor(issues: readonly string[]) {
    super(`Invalid ledger event: ${issues.join('; ')}`);
    this.issues = issues;
  }
}
