import { withDrillCredentials } from '../../hardware/drill/credentials.js';
import { BmcUnsupportedError } from '../../hardware/errors/index.js';
import { hostClient, type HostClient } from '../../hardware/host-client.js';
import type { Host } from '../../hardware/inventory.js';
import { ipmiClientFor } from '../../hardware/ipmi/from-host.js';

/** Per-call options every BMC method takes: a time limit and the activity's cancellation. */
export interface BmcCall {
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * What the hardware activities need from a BMC: the protocol-agnostic host
 * client, plus the two IPMI-only calls it does not offer (clearing the SEL,
 * a timed identify).
 */
export interface Bmc extends HostClient {
  clearEvents(opts: BmcCall): Promise<void>;
  /** Blinks for `seconds` (IPMI); Redfish has no timer, so any `seconds` > 0 turns the light on until `0` turns it off. */
  identifyFor(seconds: number, opts: BmcCall): Promise<void>;
}

/** Read per call: the drill fleet's public passwords fill unset `SWAYBOT_DRILL_*` variables only. */
const credentialEnv = (): NodeJS.ProcessEnv => withDrillCredentials(process.env);

/**
 * A BMC for an inventory host. The protocol client (and with it the credential) is
 * built per call, inside the activity, so nothing secret outlives the call.
 */
export function bmcFor(host: Host): Bmc {
  const client = hostClient(host, { env: credentialEnv() });
  const ipmi = () => {
    if (host.bmc.protocol !== 'ipmi') throw new BmcUnsupportedError(host.name, `host ${host.name}: this needs IPMI; the host's BMC speaks ${host.bmc.protocol}`);
    return ipmiClientFor(host, { env: credentialEnv() });
  };
  return {
    ...client,
    clearEvents: async (opts) => ipmi().selClear(opts),
    identifyFor: async (seconds, opts) => {
      if (host.bmc.protocol === 'ipmi') return ipmi().identify(seconds, opts);
      return client.identify(seconds > 0 ? 'on' : 'off', opts);
    },
  };
}
