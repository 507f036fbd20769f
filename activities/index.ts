/**
 * `createActivities(deps)`: the activities the ops worker registers, built over
 * injected configuration, logger and ledger. Workflows import this module as a type only.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { ActivityName } from '../actions/index.js';
import type { Config } from '../config/schema.js';
import type { EventInput, Ledger, Receipt } from '../ledger/index.js';
import { asFailures } from './as-failures.js';
import { createDirectoryActivities } from './directory.js';
import { createHttpRequest } from './http-request.js';
import { createHardwareActivities, type BmcFor } from './hardware/index.js';
import { createLedgerRecord } from './ledger-record.js';
import { createLog } from './log.js';
import { createReplicaPrintHost } from './printing/host-action.js';
import { defaultLogger, type ActivityLogger } from './logger.js';

export interface ActivityDeps {
  config: Config;
  logger?: ActivityLogger;
  /** Where `ledgerRecord` appends; without one it fails every call, non-retryably. */
  ledger?: Ledger;
  /** How hardware activities reach a BMC; default: credentials from the worker's environment only. */
  bmcFor?: BmcFor;
}

/** The shipped activities, keyed by the activity type names the catalogue's runners use. */
export function createActivities(deps: ActivityDeps) {
  const logger = deps.logger ?? defaultLogger();
  return {
    log: asFailures(createLog(logger)),
    httpRequest: asFailures(createHttpRequest(deps.config.http.allowHosts, logger)),
    ledgerRecord: deps.ledger ? createLedgerRecord(deps.ledger, logger) : noLedger,
    ...createHardwareActivities(deps),
    replicaPrintHost: asFailures(createReplicaPrintHost(deps.config, logger)),
    ...createDirectoryActivities({ config: deps.config }),
  } satisfies Record<ActivityName, (...args: never[]) => Promise<unknown>>;
}

/** The activities object; its keys are exactly the catalogue's `ActivityName`s (checked below). */
export type OpsActivities = ReturnType<typeof createActivities>;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Fails to type-check when an activity is registered that `actions/runner.ts` does not name, or the reverse. */
const namesAgree: Same<keyof OpsActivities, ActivityName> = true;
void namesAgree;

/** `ledgerRecord` of a worker built without a ledger: says so rather than pretending to record. */
async function noLedger(_events: EventInput[]): Promise<Receipt[]> {
  throw ApplicationFailure.create({ message: 'This worker has no ledger to record to', type: 'LedgerUnavailableError', nonRetryable: true });
}

export type { ActivityLogger } from './logger.js';
export * from './errors/index.js';
