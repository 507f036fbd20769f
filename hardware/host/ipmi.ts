import type { IpmiClient } from '../ipmi/client.js';
import { ipmiHealth } from './health.js';
import type { HostCallOptions, HostClient, HostEvent, HostInventory, HostPowerAction, HostSensor, SetPowerResult } from './types.js';

/** Adapts an `IpmiClient` factory to `HostClient`; `make()` runs per call so credentials resolve at call time. */
export function ipmiHostClient(host: string, make: () => IpmiClient): HostClient {
  return {
    host,
    protocol: 'ipmi',
    // Every method is async so a credentials failure in make() rejects rather than throws.
    async powerStatus(opts?: HostCallOptions) {
      return make().powerStatus(opts);
    },
    async setPower(action: HostPowerAction, opts?: HostCallOptions): Promise<SetPowerResult> {
      await make().power(action, opts);
      return { action, sent: `chassis power ${action}` };
    },
    async sensors(opts?: HostCallOptions): Promise<HostSensor[]> {
      const rows = await make().sensors(opts);
      return rows.map((r) => ({ name: r.name, value: r.value, unit: r.unit, status: r.status, health: ipmiHealth(r.status) }));
    },
    async events(opts?: HostCallOptions): Promise<HostEvent[]> {
      const rows = await make().selList(opts);
      return rows.map((e) => ({
        id: `0x${e.id.toString(16).padStart(4, '0')}`,
        time: e.date || e.time ? `${e.date} ${e.time}`.trim() : null,
        message: [e.sensor, e.event, e.direction].filter(Boolean).join(' | '),
        severity: null,
      }));
    },
    async inventory(opts?: HostCallOptions): Promise<HostInventory> {
      const client = make();
      const fields = Object.assign({}, ...(await client.fru(opts)).map((d) => d.fields).reverse()) as Record<string, string>;
      const pick = (...keys: string[]) => keys.map((k) => fields[k]).find((v) => v !== undefined && v !== '') ?? null;
      return {
        manufacturer: pick('Product Manufacturer', 'Board Mfg'),
        model: pick('Product Name', 'Board Product'),
        serialNumber: pick('Product Serial', 'Board Serial', 'Chassis Serial'),
        biosVersion: null, // IPMI has no standard BIOS version query
        bmcFirmware: await firmware(client, opts),
      };
    },
    async identify(state: 'on' | 'off' = 'on', opts?: HostCallOptions): Promise<void> {
      await make().identify(state === 'on' ? 'force' : 0, opts);
    },
  };
}

/** Firmware revision from Get Device ID (netfn 0x06, cmd 0x01): byte 2 major (7 bits), byte 3 minor in BCD. */
async function firmware(client: IpmiClient, opts?: HostCallOptions): Promise<string | null> {
  const bytes = await client.raw([0x06, 0x01], opts);
  const major = bytes[2];
  const minor = bytes[3];
  if (major === undefined || minor === undefined) return null;
  return `${major & 0x7f}.${minor.toString(16).padStart(2, '0')}`;
}
