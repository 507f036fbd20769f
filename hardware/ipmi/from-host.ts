import { resolveCredentials } from '../credentials.js';
import type { Host } from '../inventory.js';
import { IpmiClient } from './client.js';

/** Default lanplus cipher suite: 3 (HMAC-SHA1, AES-128) works on most BMCs; newer iDRACs want 17. */
export const DEFAULT_CIPHER_SUITE = 3;

/**
 * Builds an IpmiClient for an inventory host. Environment-variable passwords are read now
 * (at call time, inside the activity); file passwords are handed to ipmitool as `-f FILE`.
 */
export function ipmiClientFor(host: Host, options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): IpmiClient {
  if (host.bmc.protocol !== 'ipmi') throw new Error(`host ${host.name} uses ${host.bmc.protocol}, not ipmi`);
  const ref = host.bmc.credentials.password;
  const password = 'file' in ref ? { file: ref.file } : resolveCredentials(host, options.env).password;
  return new IpmiClient(
    {
      host: host.name,
      address: host.bmc.address,
      port: host.bmc.port ?? 623,
      username: host.bmc.credentials.username,
      password,
      cipherSuite: host.bmc.cipherSuite ?? DEFAULT_CIPHER_SUITE,
    },
    options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs },
  );
}
