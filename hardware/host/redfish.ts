import { BmcUnsupportedError } from '../errors/index.js';
import type { RedfishClient } from '../redfish/client.js';
import { linkOf, memberIds, obj, str } from '../redfish/parse.js';
import { redfishHealth } from './health.js';
import type { HostCallOptions, HostClient, HostEvent, HostPowerAction, HostPowerState, HostSensor, SetPowerResult } from './types.js';

const POWER: Record<string, HostPowerState> = { On: 'on', Off: 'off', PoweringOn: 'powering-on', PoweringOff: 'powering-off' };

/**
 * Adapts a `RedfishClient` factory to `HostClient`. `system` is the host's ComputerSystem
 * `@odata.id` when one BMC serves several; otherwise the first system is used.
 */
export function redfishHostClient(host: string, make: () => RedfishClient, system?: string): HostClient {
  const chassisOf = async (client: RedfishClient, opts?: HostCallOptions) =>
    system ? (linkOf(await client.system(system, opts), 'Links', 'Chassis') ?? undefined) : undefined;
  return {
    host,
    protocol: 'redfish',
    async powerStatus(opts?: HostCallOptions): Promise<HostPowerState> {
      const state = await make().powerState(system, opts);
      const mapped = state ? POWER[state] : undefined;
      if (!mapped) throw new BmcUnsupportedError(host, `host ${host}: the BMC reports PowerState ${state ?? '(none)'}`);
      return mapped;
    },
    async setPower(action: HostPowerAction, opts?: HostCallOptions): Promise<SetPowerResult> {
      const result = await make().power(action, { ...opts, waitMs: 0, ...(system ? { system } : {}) });
      return { action, sent: `ComputerSystem.Reset ${result.resetType}` };
    },
    async sensors(opts?: HostCallOptions): Promise<HostSensor[]> {
      const client = make();
      const readings = await client.thermal(await chassisOf(client, opts), opts);
      return readings.map((r) => ({ name: r.name, value: r.reading, unit: r.units, status: r.status, health: redfishHealth(r.status) }));
    },
    async events(opts?: HostCallOptions): Promise<HostEvent[]> {
      const client = make();
      const sys = await client.system(system, opts);
      // The system's logs first (iDRAC: Sel, Lclog under the manager instead), then the manager's.
      const managerId = linkOf(sys, 'Links', 'ManagedBy');
      const owners = [sys, ...(managerId ? [await client.get(managerId, opts)] : [])];
      for (const owner of owners) {
        const services = linkOf(owner, 'LogServices');
        if (!services) continue;
        const out: HostEvent[] = [];
        for (const service of memberIds(await client.get(services, opts))) {
          const entries = linkOf(await client.get(service, opts), 'Entries');
          if (!entries) continue;
          const list = await client.get(entries, opts);
          const members = Array.isArray(list['Members']) ? (list['Members'] as unknown[]).map(obj) : [];
          for (const e of members) {
            out.push({
              id: str(e['Id']) ?? str(e['@odata.id']) ?? '?',
              time: str(e['Created']),
              message: str(e['Message']) ?? str(e['Name']) ?? '',
              severity: str(e['Severity']),
            });
          }
        }
        return out;
      }
      throw new BmcUnsupportedError(host, `host ${host}: the BMC offers no LogServices on its system or manager`);
    },
    async inventory(opts?: HostCallOptions) {
      const inv = await make().inventory(system, opts);
      return { manufacturer: inv.manufacturer, model: inv.model, serialNumber: inv.serialNumber, biosVersion: inv.biosVersion, bmcFirmware: inv.bmcFirmware };
    },
    async identify(state: 'on' | 'off' = 'on', opts?: HostCallOptions): Promise<void> {
      const client = make();
      const sys = await client.system(system, opts);
      const id = str(sys['@odata.id']);
      if (!id) throw new BmcUnsupportedError(host, `host ${host}: the system has no @odata.id`);
      // Redfish 2020.3+ uses LocationIndicatorActive; older BMCs (and iDRAC 8/9) use IndicatorLED.
      const body = 'LocationIndicatorActive' in sys ? { LocationIndicatorActive: state === 'on' } : { IndicatorLED: state === 'on' ? 'Blinking' : 'Off' };
      await client.patch(id, body, opts);
    },
  };
}
