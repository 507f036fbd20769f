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

/** Builds the BMC for an inventory host; injected into the hardware activities (tests pass their own). */
export type BmcFor = (host: Host) => Bmc;

/**
 * The production `BmcFor`: credential references resolve against `env` (default: the worker's
 * real environment), looked up at each call so a changed variable takes effect. Nothing fills in
 * drill passwords here: a worker reaches the drill fleet only when `swaybot up` gave it them.
 * The protocol client (and with it the credential) is built per call, inside the activity,
 * so nothing secret outlives the call.
 */
export function bmcFromEnv(env: NodeJS.ProcessEnv = process.env): BmcFor {
  return (host) => {
    const client = hostClient(host, { env });
    const ipmi = () => {
      if (host.bmc.protocol !== 'ipmi') throw new BmcUnsupportedError(host.name, `host ${host.name}: this needs IPMI; the host's BMC speaks ${host.bmc.protocol}`);
      return ipmiClientFor(host, { env });
    };
    return {
      ...client,
      clearEvents: async (opts) => ipmi().selClear(opts),
      identifyFor: async (seconds, opts) => {
        if (host.bmc.protocol === 'ipmi') return ipmi().identify(seconds, opts);
        return client.identify(seconds > 0 ? 'on' : 'off', opts);
      },
    };
  };
}
