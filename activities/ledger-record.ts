/**
 * The `ledgerRecord` activity: appends the interpreter's events to the
 * availability ledger. Event ids are deterministic, so a retried attempt (or a
 * replayed local activity) resolves to the first receipt and writes nothing.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { EventInput, Ledger, Receipt } from '../ledger/index.js';
import { callSite } from './context.js';
import type { ActivityLogger } from './logger.js';
import { toFailure } from './to-failure.js';

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
    // Ledger errors say themselves whether a retry can cure them (a bad or clashing event, a
    // refusal by the Fabric network: never); anything unexpected is retried.
    const failures = settled.flatMap((s, i) => (s.status === 'rejected' ? [{ failure: toFailure(s.reason), id: events[i]?.id }] : []));
    if (failures.length === 0) return settled.map((s) => (s as PromiseFulfilledResult<Receipt>).value);
    const chosen = failures.find((f) => !f.failure.nonRetryable) ?? failures[0]!;
    const { failure } = chosen;
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
