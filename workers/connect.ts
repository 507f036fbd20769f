import type { TemporalConnectOptions, TemporalConnectionSettings } from '../client/connection.js';
import type { Config } from '../config/schema.js';

/**
 * The Temporal frontend a process should use, and how: `$SWAYBOT_TEMPORAL_ADDRESS` (set by
 * the dev stack for its children), then `temporal.address` (`TEMPORAL_ADDRESS`, the profile,
 * or the config file), each with the TLS, client certificate and API key of the connection
 * settings; else the embedded dev server's port on loopback, plain.
 */
export function temporalConnectOptions(config: Config, settings: TemporalConnectionSettings, env: NodeJS.ProcessEnv = process.env): TemporalConnectOptions {
  const configured = env['SWAYBOT_TEMPORAL_ADDRESS'] || config.temporal.address;
  return configured ? settings.connectOptions(configured) : { address: `127.0.0.1:${config.temporal.port}` };
}
