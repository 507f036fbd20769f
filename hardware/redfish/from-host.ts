import { resolveCredentials } from '../credentials.js';
import type { Host } from '../inventory.js';
import { RedfishClient } from './client.js';

/**
 * Builds a RedfishClient for an inventory host: `https://<address>[:<port>]` with basic auth
 * (the inventory has no scheme or auth-mode keys yet). Credentials are resolved now, at call time.
 */
export function redfishClientFor(
  host: Host,
  options: { timeoutMs?: number; env?: NodeJS.ProcessEnv; auth?: 'basic' | 'session' } = {},
): RedfishClient {
  if (host.bmc.protocol !== 'redfish') throw new Error(`host ${host.name} uses ${host.bmc.protocol}, not redfish`);
  const { username, password } = resolveCredentials(host, options.env);
  const port = host.bmc.port === undefined || host.bmc.port === 443 ? '' : `:${host.bmc.port}`;
  // Bracket IPv6 literals so the URL parses.
  const address = host.bmc.address.includes(':') ? `[${host.bmc.address}]` : host.bmc.address;
  return new RedfishClient(
    { host: host.name, baseUrl: `https://${address}${port}`, username, password, auth: options.auth ?? 'basic' },
    options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs },
  );
}
