/**
 * `createHardwareActivities({ config, bmcFor })`: the `hardware.*` activities and the
 * host-lock request, keyed by the activity type names the catalogue's runners use.
 */
import type { Config } from '../../config/schema.js';
import { asFailures } from '../as-failures.js';
import { defaultLogger, type ActivityLogger } from '../logger.js';
import { bmcFromEnv, type BmcFor } from './bmc.js';
import { lazyInventory } from './hosts.js';
import { requestHostLock } from './lock.js';
import { createHardwarePower } from './power.js';
import { createHardwareEvents, createHardwareIdentify, createHardwareInventory, createHardwareSensors } from './read.js';

export { bmcFromEnv, type Bmc, type BmcCall, type BmcFor } from './bmc.js';

export interface HardwareActivityDeps {
  config: Pick<Config, 'hardware'>;
  logger?: ActivityLogger;
  /** How a host's BMC is reached; default `bmcFromEnv()`: credentials from the worker's environment only. */
  bmcFor?: BmcFor;
}

/** The hardware activities; the inventory is read on the first call, not here. */
export function createHardwareActivities(deps: HardwareActivityDeps) {
  const logger = deps.logger ?? defaultLogger();
  const hostOf = lazyInventory(deps.config.hardware.inventory);
  const bmcFor = deps.bmcFor ?? bmcFromEnv();
  return {
    hardwarePower: asFailures(createHardwarePower(hostOf, bmcFor, logger)),
    hardwareSensors: asFailures(createHardwareSensors(hostOf, bmcFor)),
    hardwareEvents: asFailures(createHardwareEvents(hostOf, bmcFor, logger)),
    hardwareInventory: asFailures(createHardwareInventory(hostOf, bmcFor)),
    hardwareIdentify: asFailures(createHardwareIdentify(hostOf, bmcFor)),
    requestHostLock,
  };
}

