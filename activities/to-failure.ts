import { ApplicationFailure } from '@temporalio/common';
import { isSwaybotError } from '../errors/index.js';

/**
 * The failure Temporal records for what an activity threw. A `SwaybotError` keeps its message,
 * its `type` (= name), its retryability and its details; an ApplicationFailure passes as it is;
 * anything else becomes a retryable failure typed by its name, as Temporal itself would make it.
 */
export function toFailure(error: unknown): ApplicationFailure {
  if (error instanceof ApplicationFailure) return error;
  if (isSwaybotError(error)) {
    return ApplicationFailure.create({ message: error.message, type: error.type, nonRetryable: !error.retryable, details: [error.details] });
  }
  const err = error instanceof Error ? error : new Error(String(error));
  return ApplicationFailure.create({ message: err.message, type: err.name, nonRetryable: false });
}
