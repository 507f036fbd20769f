/** A run that has already closed cannot be cancelled; `state` says how it ended. */
export class RunNotInFlightError extends Error {
  override name = 'RunNotInFlightError';

  constructor(
    readonly workflowId: string,
    readonly state: string,
  ) {
    super(`Run ${workflowId} is not in flight (it ${state === 'succeeded' ? 'succeeded' : `ended ${state}`}); nothing to cancel`);
  }
}
