/**
 * `hardware.*`: BMC actions over IPMI or Redfish, by inventory host name
 * (docs/hardware-runbooks.md): parameters, outputs and which calls need an
 * approval gate. Workflows carry host names only; activities look the host up in
 * the inventory and resolve its BMC credentials themselves.
 */
import { z } from 'zod';
import type { ActionDefinition } from './definition.js';
import { eventsNeedApproval, powerNeedsApproval } from '../approvals/gates.js';
import { durationParam } from './duration.js';

const hostName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a host name from the inventory (letters, digits, . _ -)')
  .describe('Host name from the hardware inventory (never an address or a credential)');

export const POWER_STATES = ['on', 'off', 'cycle', 'reset', 'soft'] as const;

export const hardwarePowerParams = z.strictObject({
  host: hostName,
  state: z.enum(POWER_STATES).describe('on, off (hard), cycle, reset, or soft (ACPI shutdown)'),
  wait: durationParam
    .default('45s')
    .describe('How long to wait until the BMC shows the resulting state (on after cycle/reset, off after soft); keep it below the step timeout'),
});

export const hardwareHostParams = z.strictObject({ host: hostName });

export const hardwareEventsParams = z.strictObject({
  host: hostName,
  clear: z.boolean().default(false).describe('Clear the event log after reading it (needs approval)'),
});

export const hardwareIdentifyParams = z.strictObject({
  host: hostName,
  seconds: z
    .number()
    .int()
    .min(0)
    .max(255)
    .default(15)
    .describe('How long the identify light blinks (0 turns it off); Redfish BMCs keep it on until a call with 0'),
});

export type HardwarePowerParams = z.infer<typeof hardwarePowerParams>;
export type HardwareHostParams = z.infer<typeof hardwareHostParams>;
export type HardwareEventsParams = z.infer<typeof hardwareEventsParams>;
export type HardwareIdentifyParams = z.infer<typeof hardwareIdentifyParams>;
export type PowerStateName = (typeof POWER_STATES)[number];
/** Power as a BMC reports it. */
export type PowerReading = 'on' | 'off' | 'powering-on' | 'powering-off';

/** What `hardware.power` returns. */
export interface PowerOutput {
  host: string;
  state: PowerStateName;
  /** Power as read before the command (Redfish BMCs may report the transitions). */
  before: PowerReading;
  /** Power as read once the target state showed. */
  after: 'on' | 'off';
}

/** One sensor reading, the same shape for IPMI and Redfish BMCs. */
export interface SensorOutput {
  name: string;
  value: number | null;
  unit: string;
  /** The BMC's own word: ok, nc, cr, nr, ns for IPMI; OK, Warning, Critical for Redfish. */
  status: string;
  health: 'ok' | 'warning' | 'critical' | 'unknown';
}

/** What `hardware.sensors` returns. */
export interface SensorsOutput {
  host: string;
  sensors: SensorOutput[];
  /** Names of sensors whose health is warning or critical. */
  alerts: string[];
}

/** What `hardware.events` returns. */
export interface EventsOutput {
  host: string;
  /** Oldest first; `id` as the BMC names it (IPMI SEL ids in hex), `severity` null over IPMI. */
  events: { id: string; time: string | null; message: string; severity: string | null }[];
  cleared: boolean;
}

/** What `hardware.inventory` returns. */
export interface InventoryOutput {
  host: string;
  protocol: 'ipmi' | 'redfish';
  rack: string;
  position: number;
  vendor: string;
  model: string;
  power: PowerReading;
  /** What the BMC reports; null where it does not say. */
  bmc: { manufacturer: string | null; model: string | null; serialNumber: string | null; biosVersion: string | null; bmcFirmware: string | null };
}

/** What `hardware.identify` returns. */
export interface IdentifyOutput {
  host: string;
  seconds: number;
}

/**
 * Which calls need an approval gate (power changes; clearing the event log, a templated `clear`
 * counting as clearing): one definition for the compiler and the interpreter, which refuses a
 * gated call that no approval let through (approvals/gates.ts).
 */
export { eventsNeedApproval, powerNeedsApproval } from '../approvals/gates.js';

export const hardwareActions: readonly ActionDefinition[] = [
  {
    name: 'hardware.power',
    description: 'Power a host on, off, cycle, reset or soft-off through its BMC, then wait until the resulting state shows; needs approval',
    params: hardwarePowerParams,
    runner: { kind: 'activity', activity: 'hardwarePower' },
    output: '{ host, state, before, after }',
    needsApproval: powerNeedsApproval,
    destructive: true,
  },
  {
    name: 'hardware.sensors',
    description: "Read a host's sensors (temperatures, fans, voltages) through its BMC",
    params: hardwareHostParams,
    runner: { kind: 'activity', activity: 'hardwareSensors' },
    output: '{ host, sensors: [{ name, value, unit, status, health }], alerts }',
  },
  {
    name: 'hardware.events',
    description: "List a host's BMC event log (SEL); with clear: true also clears it, which needs approval",
    params: hardwareEventsParams,
    runner: { kind: 'activity', activity: 'hardwareEvents' },
    output: '{ host, events: [{ id, time, message, severity }], cleared }',
    needsApproval: eventsNeedApproval,
    destructive: true,
  },
  {
    name: 'hardware.inventory',
    description: 'Describe a host: inventory entry, power state and what its BMC reports (manufacturer, model, serial, firmware)',
    params: hardwareHostParams,
    runner: { kind: 'activity', activity: 'hardwareInventory' },
    output: '{ host, protocol, rack, position, vendor, model, power, bmc: { manufacturer, model, serialNumber, biosVersion, bmcFirmware } }',
  },
  {
    name: 'hardware.identify',
    description: "Blink a host's chassis identify light so people find it in the rack",
    params: hardwareIdentifyParams,
    runner: { kind: 'activity', activity: 'hardwareIdentify' },
    output: '{ host, seconds }',
  },
];
