import { ApplicationFailure } from '@temporalio/client';
import type { RefusalReason } from '../../workflows/validators.js';

export type { RefusalReason };

/** The workflow refused a decision or tick (its validator said why); the run is unchanged. */
export class UpdateRejectedError extends Error {
  override name = 'UpdateRejectedError';
  /** Which refusal, for a message and hint of its own; undefined from a workflow that does not say. */
  readonly reason: RefusalReason | undefined;

  /** `options.cause` is the update's failure: the validator's failure type becomes `reason`. */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = reasonOf(options?.cause);
  }
}

// A Record, so adding a reason to the validators fails to type-check until it is listed here.
const KNOWN: Record<RefusalReason, true> = {
  InvalidRequest: true, UnknownStep: true, NotAwaitingApproval: true, AlreadyDecided: true, NotAnApprover: true,
  NoApprovers: true, Unsigned: true, BadSignature: true, StaleSignature: true, SelfApproval: true, UnknownStarter: true,
  NotManualStep: true, NotAwaitingChecklist: true, NoOpenItem: true, UnknownItem: true, ItemDone: true,
};

/** The validator's failure type, found on the update failure or its cause. */
function reasonOf(failure: unknown): RefusalReason | undefined {
  for (let err = failure; err instanceof Error; err = err.cause) {
    if (err instanceof ApplicationFailure && err.type && Object.hasOwn(KNOWN, err.type)) return err.type as RefusalReason;
  }
  return undefined;
}
