import { ApplicationFailure } from '@temporalio/common';
import { isSwaybotError } from '../errors/index.js';

/** Hides values in what a failure shows; `activities/http-request.ts` passes the call's secret scrubber. */
export interface FailureScrub {
  text(text: string): string;
  value<T>(value: T): T;
}

/**
 * The failure Temporal records for what an activity threw. A `SwaybotError` keeps its message,
 * its `type` (= name), its retryability and its details; an ApplicationFailure passes as it is;
 * anything else becomes a retryable failure typed by its name, as Temporal itself would make it.
 * With `scrub`, message and details are scrubbed first (an ApplicationFailure is rebuilt), and no
 * `cause` is kept: Temporal would send the cause's message and stack along.
 */
export function toFailure(error: unknown, scrub?: FailureScrub): ApplicationFailure {
  if (error instanceof ApplicationFailure) {
    if (!scrub) return error;
    return ApplicationFailure.create({
      message: scrub.text(error.message),
      ...(error.type ? { type: error.type } : {}),
      nonRetryable: error.nonRetryable ?? false,
      details: scrub.value(error.details ?? []),
    });
  }
  const text = (s: string) => (scrub ? scrub.text(s) : s);
  if (isSwaybotError(error)) {
    const details = scrub ? scrub.value(error.details) : error.details;
    return ApplicationFailure.create({ message: text(error.message), type: error.type, nonRetryable: !error.retryable, details: [details] });
  }
  const err = error instanceof Error ? error : new Error(String(error));
  return ApplicationFailure.create({ message: text(err.message), type: err.name, nonRetryable: false });
}
