import { withDrillCredentials } from '../../hardware/drill/credentials.js';
import { BmcUnsupportedError } from '../../hardware/errors/index.js';
import type { Host } from '../../hardware/inventory.js';
import { ipmiClientFor } from '../../hardware/ipmi/from-host.js';
import { redfishClientFor } from '../../hardware/redfish/from-host.js';
import type { PowerStateName, SensorOutput } from '../hardware-catalogue.js';

/** Per-call options every BMC method takes: a time limit and the activity's cancellation. */
export interface BmcCall {
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** What the hardware activities need from a BMC, whatever its protocol. */
export interface Bmc {
  readonly protocol: 'ipmi' | 'redfish';
  /** `transitioning` while a Redfish BMC reports PoweringOn/PoweringOff. */
  power(opts: BmcCall): Promise<'on' | 'off' | 'transitioning'>;
  /** Sends the power command; does not wait for the result. */
  setPower(state: PowerStateName, opts: BmcCall): Promise<void>;
  sensors(opts: BmcCall): Promise<SensorOutput[]>;
  events(opts: BmcCall): Promise<{ id: number; date: string; time: string; sensor: string; event: string; direction: string }[]>;
  clearEvents(opts: BmcCall): Promise<void>;
  details(opts: BmcCall): Promise<Record<string, string>>;
  identify(seconds: number, opts: BmcCall): Promise<void>;
}

/**
 * A BMC for an inventory host. The protocol client (and with it the credential) is
 * built per call, inside the activity, so nothing secret outlives the call.
 */
export function bmcFor(host: Host): Bmc {
  return host.bmc.protocol === 'ipmi' ? ipmiBmc(host) : redfishBmc(host);
}

/** Read per call: the drill fleet's public passwords fill unset `SWAYBOT_DRILL_*` variables only. */
const credentialEnv = (): NodeJS.ProcessEnv => withDrillCredentials(process.env);

function ipmiBmc(host: Host): Bmc {
  const client = () => ipmiClientFor(host, { env: credentialEnv() });
  return {
    protocol: 'ipmi',
    power: (opts) => client().powerStatus(opts),
    setPower: (state, opts) => client().power(state, opts),
    sensors: async (opts) => (await client().sensors(opts)).map((s) => ({ name: s.name, value: s.value, unit: s.unit, status: s.status })),
    events: async (opts) => (await client().selList(opts)).map((e) => ({ ...e })),
    clearEvents: (opts) => client().selClear(opts),
    details: async (opts) => Object.assign({}, ...(await client().fru(opts)).map((d) => d.fields).reverse()) as Record<string, string>,
    identify: (seconds, opts) => client().identify(seconds, opts),
  };
}

function redfishBmc(host: Host): Bmc {
  const client = () => redfishClientFor(host, { env: credentialEnv() });
  const unsupported = (what: string) => new BmcUnsupportedError(host.name, `host ${host.name}: ${what} is not available over Redfish yet`);
  return {
    protocol: 'redfish',
    power: async (opts) => {
      const state = await client().powerState(undefined, opts);
      return state === 'On' ? 'on' : state === 'Off' ? 'off' : 'transitioning';
    },
    setPower: async (state, opts) => {
      await client().power(state, { ...opts, waitMs: 0 });
    },
    sensors: async (opts) => (await client().thermal(undefined, opts)).map((r) => ({ name: r.name, value: r.reading, unit: r.units, status: r.status })),
    events: () => Promise.reject(unsupported('the event log')),
    clearEvents: () => Promise.reject(unsupported('clearing the event log')),
    details: async (opts) => {
      const inv = await client().inventory(undefined, opts);
      const pairs: [string, string | number | null][] = [
        ['Manufacturer', inv.manufacturer], ['Model', inv.model], ['Serial Number', inv.serialNumber],
        ['BIOS Version', inv.biosVersion], ['BMC Firmware', inv.bmcFirmware], ['Processors', inv.processors.count],
        ['Memory GiB', inv.memory.totalGiB],
      ];
      return Object.fromEntries(pairs.filter((p): p is [string, string | number] => p[1] !== null).map(([k, v]) => [k, String(v)]));
    },
    identify: () => Promise.reject(unsupported('identify')),
  };
}
