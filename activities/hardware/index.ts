/**
 * `createHardwareActivities({ config })`: the `hardware.*` activities and the
 * host-lock request, keyed by the activity type names the catalogue's runners use.
 */
import type { Config } from '../../config/schema.js';
import { asFailures } from '../as-failures.js';
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

