import { ApplicationFailure } from '@temporalio/client';
import type { IncidentRefusal } from '../../workflows/incident-validators.js';
import type { RefusalReason } from '../../workflows/validators.js';

export type { IncidentRefusal };

/** The incident (or the runbook run it forwards to) refused an action; nothing changed. */
export class IncidentRefusedError extends Error {
  override name = 'IncidentRefusedError';
  /** The validator's failure type (e.g. `NotAnApprover`), when it gave one. */
  readonly reason: IncidentRefusal | RefusalReason | undefined;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    let reason: string | undefined;
    for (let err = options?.cause; err instanceof Error; err = err.cause) {
      if (err instanceof ApplicationFailure && err.type) reason = err.type;
    }
    this.reason = reason as IncidentRefusal | RefusalReason | undefined;
  }
}
