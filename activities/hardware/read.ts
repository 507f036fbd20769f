import { Context } from '@temporalio/activity';
import type { Host } from '../../hardware/inventory.js';
import {
  hardwareEventsParams,
  hardwareHostParams,
  hardwareIdentifyParams,
  type EventsOutput,
  type IdentifyOutput,
  type InventoryOutput,
  type SensorsOutput,
} from '../../actions/index.js';
import { parseArgs } from '../args.js';
import { callSite } from '../context.js';
import type { ActivityLogger } from '../logger.js';
import type { BmcFor } from './bmc.js';

type HostOf = (name: string) => Host;

/** `hardware.sensors`: every reading, plus the names of those in warning or critical health. */
export function createHardwareSensors(hostOf: HostOf, bmcFor: BmcFor) {
  return async function hardwareSensors(raw: unknown): Promise<SensorsOutput> {
    const { host } = parseArgs(hardwareHostParams, raw, 'hardware.sensors');
    const sensors = await bmcFor(hostOf(host)).sensors({ signal: Context.current().cancellationSignal });
    const alerts = sensors.filter((s) => s.health === 'warning' || s.health === 'critical').map((s) => s.name);
    return { host, sensors: sensors.map((s) => ({ ...s })), alerts };
  };
}

/** `hardware.events`: the SEL, cleared afterwards when `clear` is true (the compiler gated that step). */
export function createHardwareEvents(hostOf: HostOf, bmcFor: BmcFor, logger: ActivityLogger) {
  return async function hardwareEvents(raw: unknown): Promise<EventsOutput> {
    const { host, clear } = parseArgs(hardwareEventsParams, raw, 'hardware.events');
    const bmc = bmcFor(hostOf(host));
    const signal = Context.current().cancellationSignal;
    const events = await bmc.events({ signal });
    if (clear) {
      await bmc.clearEvents({ signal });
      logger.info({ ...callSite(), host, entries: events.length }, 'hardware.events cleared the SEL');
    }
    return { host, events: events.map((e) => ({ ...e })), cleared: clear };
  };
}

/** `hardware.inventory`: the inventory entry, the power state and what the BMC says about the machine. */
export function createHardwareInventory(hostOf: HostOf, bmcFor: BmcFor) {
  return async function hardwareInventory(raw: unknown): Promise<InventoryOutput> {
    const { host } = parseArgs(hardwareHostParams, raw, 'hardware.inventory');
    const entry = hostOf(host);
    const bmc = bmcFor(entry);
    const signal = Context.current().cancellationSignal;
    const power = await bmc.powerStatus({ signal });
    const reported = { ...(await bmc.inventory({ signal })) };
    const { rack, position, vendor, model } = entry;
    return { host, protocol: entry.bmc.protocol, rack, position, vendor, model, power, bmc: reported };
  };
}

/** `hardware.identify`: blink the chassis light for `seconds` (Redfish: on until `seconds: 0`). */
export function createHardwareIdentify(hostOf: HostOf, bmcFor: BmcFor) {
  return async function hardwareIdentify(raw: unknown): Promise<IdentifyOutput> {
    const { host, seconds } = parseArgs(hardwareIdentifyParams, raw, 'hardware.identify');
    await bmcFor(hostOf(host)).identifyFor(seconds, { signal: Context.current().cancellationSignal });
    return { host, seconds };
  };
}
