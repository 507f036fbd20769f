import type { Config } from '../config/schema.js';

/**
 * The Temporal frontend a process should use: `$SWAYBOT_TEMPORAL_ADDRESS`
 * (set by the dev stack for its children), then `temporal.address` from the
 * configuration, then the embedded dev server's port on loopback.
 */
export function temporalAddress(config: Config, env: NodeJS.ProcessEnv = process.env): string {
  return env['SWAYBOT_TEMPORAL_ADDRESS'] || config.temporal.address || `127.0.0.1:${config.temporal.port}`;
}
