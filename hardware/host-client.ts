/**
 * Protocol-agnostic access to any inventory host's BMC: `hostClient(host)` returns the same
 * `HostClient` for IPMI and Redfish hosts. Contract:
 * - Credentials are resolved on every call (env var or file read then), never stored; a missing
 *   one throws `CredentialsError` naming the host and the reference only.
 * - Failures throw `HardwareError` subclasses (`BmcUnreachableError`, `BmcTimeoutError`: retryable;
 *   `BmcAuthenticationError`, `BmcUnsupportedError`, `BmcCommandError`: not); `name` suits an
 *   ApplicationFailure type. Results are plain JSON, safe to return from an activity.
 * - `setPower` does not wait for the new state; poll `powerStatus()`.
 * - Every call takes `{ timeoutMs, signal }`; aborting the signal kills ipmitool / the HTTP request.
 */
import type { Host } from './inventory.js';
import { ipmiClientFor } from './ipmi/from-host.js';
import { redfishClientFor } from './redfish/from-host.js';
import { ipmiHostClient } from './host/ipmi.js';
import { redfishHostClient } from './host/redfish.js';
import type { HostClient } from './host/types.js';

export type { Health, HostCallOptions, HostClient, HostEvent, HostInventory, HostPowerAction, HostPowerState, HostSensor, SetPowerResult } from './host/types.js';
export { worstHealth } from './host/health.js';

/** Options of `hostClient`. */
export interface HostClientOptions {
  /** Default per-request timeout in ms (15000). */
  readonly timeoutMs?: number;
  /** Where `{ env: NAME }` credential references are looked up (default `process.env`). */
  readonly env?: NodeJS.ProcessEnv;
}

/** A `HostClient` for an inventory host, dispatching on `bmc.protocol`. Cheap: nothing is contacted until a method runs. */
export function hostClient(host: Host, options: HostClientOptions = {}): HostClient {
  const opts = { ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }), ...(options.env ? { env: options.env } : {}) };
  switch (host.bmc.protocol) {
    case 'ipmi':
      return ipmiHostClient(host.name, () => ipmiClientFor(host, opts));
    case 'redfish':
      return redfishHostClient(host.name, () => redfishClientFor(host, opts), host.bmc.system);
  }
}
