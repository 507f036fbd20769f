/** The parameters given for a run do not fit the runbook; nothing was started. */
export class InvalidParamsError extends Error {
  override name = 'InvalidParamsError';
  readonly problems: string[];

  constructor(runbookId: string, problems: string[]) {
    super(`Invalid parameters for runbook \`${runbookId}\`:\n  ${problems.join('\n  ')}`);
    this.problems = problems;
  }
}
