/**
 * The `ledgerRecord` activity: appends the interpreter's events to the
 * availability ledger. Event ids are deterministic, so a retried attempt (or a
 * replayed local activity) resolves to the first receipt and writes nothing.
 */
import { ApplicationFailure } from '@temporalio/common';
import { DuplicateEventError } from '../ledger/errors/duplicate-event.js';
import { payloadHashOf } from '../ledger/event.js';
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
    const settled = await Promise.allSettled(events.map((e) => ledger.append(e).catch((err: unknown) => sameFactLater(ledger, e, err))));
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

/**
 * A workflow task that timed out after its local activity appended events runs again later,
 * and builds the same events with the later task's time: same id, same fact, another `time`.
 * That is the event already recorded, so its receipt answers; any other difference is a
 * real clash and stays an error.
 */
async function sameFactLater(ledger: Ledger, event: EventInput, err: unknown): Promise<Receipt> {
  if (!(err instanceof DuplicateEventError)) throw err;
  // Looking it up must not turn a clash into something else: any trouble reading keeps the clash.
  const recorded = await Promise.resolve()
    .then(() => ledger.get(event.id))
    .catch(() => undefined);
  const same =
    recorded !== undefined &&
    recorded.type === event.type &&
    recorded.actor === event.actor &&
    recorded.subject.kind === event.subject.kind &&
    recorded.subject.id === event.subject.id &&
    recorded.payloadHash === payloadHashOf(event.payload);
  if (!same) throw err;
  const proof = await ledger.prove(event.id).catch(() => undefined);
  if (!proof) throw err;
  return { eventId: event.id, batch: proof.batch, index: proof.index, root: proof.root, ...(proof.head ? { head: proof.head } : {}) };
}
