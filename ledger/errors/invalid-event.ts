import { SwaybotError } from '../../errors/index.js';

/** An event failed the schema on append; `issues` lists each problem as `path: message`. */
export class InvalidEventError extends SwaybotError {
  override name = 'InvalidEventError';
  readonly retryable = false;
  readonly issues: readonly string[];

  constructor(issues: readonly string[]) {
    super(`Invalid ledger event: ${issues.join('; ')}`);
    this.issues = issues;
  }
}
