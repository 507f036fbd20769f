/**
 * `createHardwareActivities({ config })`: the `hardware.*` activities and the
 * host-lock request, keyed by the activity type names the catalogue's runners use.
 */
import type { Config } from '../../config/schema.js';
import { isActivityError } from '../errors/index.js';
import { defaultLogger, type ActivityLogger } from '../logger.js';
import { lazyInventory } from './hosts.js';
import { requestHostLock } from './lock.js';
import { createHardwarePower } from './power.js';
import { createHardwareEvents, createHardwareIdentify, createHardwareInventory, createHardwareSensors } from './read.js';

export interface HardwareActivityDeps {
  config: Pick<Config, 'hardware'>;
  logger?: ActivityLogger;
}

/** The hardware activities; the inventory is read on the first call, not here. */
export function createHardwareActivities(deps: HardwareActivityDeps) {
  const logger = deps.logger ?? defaultLogger();
  const hostOf = lazyInventory(deps.config.hardware.inventory);
  return {
    hardwarePower: asFailures(createHardwarePower(hostOf, logger)),
    hardwareSensors: asFailures(createHardwareSensors(hostOf)),
    hardwareEvents: asFailures(createHardwareEvents(hostOf, logger)),
    hardwareInventory: asFailures(createHardwareInventory(hostOf)),
    hardwareIdentify: asFailures(createHardwareIdentify(hostOf)),
    requestHostLock,
  };
}

/** Argument errors (our own ActivityErrors) become their non-retryable failures. */
function asFailures<A extends unknown[], R>(fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  const wrapped = async (...args: A): Promise<R> => {
    try {
      return await fn(...args);
    } catch (err) {
      throw isActivityError(err) ? err.toFailure() : err;
    }
  };
  Object.defineProperty(wrapped, 'name', { value: fn.name });
  return wrapped;
}
