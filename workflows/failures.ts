/**
 * Turns whatever a step threw into one line for people, and the errors the
 * interpreter raises itself. Workflow-side only.
 */
import { ActivityFailure, ApplicationFailure, TimeoutFailure } from '@temporalio/common';

/** A step failed for a reason the interpreter decided (rejected, timed out, bad template). */
export class StepFailure extends Error {
  override name = 'StepFailure';
}

/** The run's overall deadline (`timeout` in the front matter) passed. */
export class DeadlineExceeded extends Error {
  override name = 'DeadlineExceeded';
}

/** One line naming the cause: the activity's failure type and message when there is one. */
export function describeFailure(err: unknown): string {
  if (err instanceof ActivityFailure) {
    const cause = err.cause;
    if (cause instanceof ApplicationFailure) return `${cause.type ?? 'Error'}: ${cause.message}`;
    if (cause instanceof TimeoutFailure) return `activity \`${err.activityType}\` timed out (${String(cause.timeoutType)})`;
    return cause?.message ?? err.message;
  }
  if (err instanceof Error) return err.message;
  return String(err);
}
