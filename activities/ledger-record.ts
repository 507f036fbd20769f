/**
 * The `ledgerRecord` activity: appends the interpreter's events to the
 * availability ledger. Event ids are deterministic, so a retried attempt (or a
 * replayed local activity) resolves to the first receipt and writes nothing.
 */
import { ApplicationFailure } from '@temporalio/common';
import { DuplicateEventError, InvalidEventError, LedgerRejectedError, type EventInput, type Ledger, type Receipt } from '../ledger/index.js';
import { callSite } from './context.js';
import type { ActivityLogger } from './logger.js';

/**
 * Ledger errors no retry can cure: the event itself is wrong, clashes with a recorded one, or
 * the Fabric network refused it for good (a chaincode rejection, an endorsement policy failure).
 */
function isPermanent(error: unknown): boolean {
  return error instanceof InvalidEventError || error instanceof DuplicateEventError || error instanceof LedgerRejectedError;
}

/** The failure Temporal records: the ledger error's name as type, retryable unless permanent. */
export function toLedgerFailure(error: unknown): ApplicationFailure {
  if (error instanceof ApplicationFailure) return error;
  const err = error instanceof Error ? error : new Error(String(error));
  return ApplicationFailure.create({ message: err.message, type: err.name, nonRetryable: isPermanent(err) });
}

/**
 * Creates `ledgerRecord(events)` over `ledger`. All events of one call are appended
 * concurrently, so the group-commit writer puts them in one batch. When some fail, the
 * call fails: retryably if any failure could pass on a retry (the appended ones are then
 * answered from the ledger), else not.
 */
export function createLedgerRecord(ledger: Ledger, logger: ActivityLogger) {
  return async function ledgerRecord(events: EventInput[]): Promise<Receipt[]> {
    if (!Array.isArray(events)) {
      throw ApplicationFailure.create({ message: 'ledgerRecord expects an array of events', type: 'InvalidEventError', nonRetryable: true });
    }
    const settled = await Promise.allSettled(events.map((e) => ledger.append(e)));
    const failures = settled.flatMap((s, i) => (s.status === 'rejected' ? [{ error: s.reason as unknown, id: events[i]?.id }] : []));
    if (failures.length === 0) return settled.map((s) => (s as PromiseFulfilledResult<Receipt>).value);
    const transient = failures.find((f) => !isPermanent(f.error));
    const chosen = transient ?? failures[0]!;
    const failure = toLedgerFailure(chosen.error);
    // Name the event: the run status shows this message, and the rest of the call did land.
    const others = failures.length > 1 ? ` (and ${failures.length - 1} more of ${events.length})` : '';
    failure.message = `event \`${chosen.id ?? '?'}\`${others}: ${failure.message}`;
    const fields = { ...callSite(), eventId: chosen.id, failed: failures.length, of: events.length, type: failure.type };
    // Permanent failures end in the run status; the worker's log says which event and why.
    if (failure.nonRetryable) logger.error(fields, `ledger refused an event: ${failure.message}`);
    else logger.warn(fields, `ledger append failed, will retry: ${failure.message}`);
    throw failure;
  };
}
