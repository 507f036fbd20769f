import { resolveCredentials } from '../credentials.js';
import type { Host } from '../inventory.js';
import { RedfishClient } from './client.js';

/**
 * Builds a RedfishClient for an inventory host: `<scheme>://<address>[:<port>]` (scheme from
 * `bmc.scheme`, default https) with basic auth, verifying TLS unless `bmc.tls.verify` is false.
 * Credentials are resolved now, at call time.
 */
export function redfishClientFor(
  host: Host,
  options: { timeoutMs?: number; env?: NodeJS.ProcessEnv; auth?: 'basic' | 'session' } = {},
): RedfishClient {
  if (host.bmc.protocol !== 'redfish') throw new Error(`host ${host.name} uses ${host.bmc.protocol}, not redfish`);
  const { username, password } = resolveCredentials(host, options.env);
  const scheme = host.bmc.scheme ?? 'https';
  const defaultPort = scheme === 'https' ? 443 : 80;
  const port = host.bmc.port === undefined || host.bmc.port === defaultPort ? '' : `:${host.bmc.port}`;
  // Bracket IPv6 literals so the URL parses.
  const address = host.bmc.address.includes(':') ? `[${host.bmc.address}]` : host.bmc.address;
  return new RedfishClient(
    {
      host: host.name,
      baseUrl: `${scheme}://${address}${port}`,
      username,
      password,
      auth: options.auth ?? 'basic',
      ...(host.bmc.tls?.verify === false ? { verifyTls: false } : {}),
    },
    options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs },
  );
}
