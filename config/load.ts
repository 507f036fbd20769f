import { readFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { configSchema, DEFAULT_ALLOW_HOSTS, DEMO_APPROVALS, type Config } from './schema.js';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Reads the configuration once: defaults, then the YAML file (`$SWAYBOT_CONFIG`
 * or `./swaybot.config.yaml` if present; without one, the demo's `DEMO_APPROVALS`), then environment overrides
 * (`TEMPORAL_ADDRESS`, `TEMPORAL_NAMESPACE`, `SWAYBOT_STATE_DIR`). Throws a
 * `ConfigError` naming every bad field.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const path = configFile(env, cwd);
  // No file at all is the demo: its approver directory, with `--as` believed (schema.ts).
  let raw: unknown = path ? {} : structuredClone(DEMO_APPROVALS);
  if (path) {
    try {
      raw = parseYaml(readFileSync(path, 'utf8')) ?? {};
    } catch (err) {
      throw new ConfigError(`${path}: not valid YAML: ${(err as Error).message}`);
    }
  }
  const withEnv = applyEnv(raw, env);
  const result = configSchema.safeParse(withEnv);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ConfigError(`Invalid configuration${path ? ` in ${path}` : ''}:\n${lines.join('\n')}`);
  }
  const config = result.data;
  const stateDir = resolve(cwd, config.stateDir);
  return {
    ...config,
    stateDir,
    ledger: { ...config.ledger, dir: resolve(stateDir, config.ledger.dir) },
    hardware: { ...config.hardware, inventory: resolve(cwd, config.hardware.inventory) },
    incidents: { ...config.incidents, runbooks: resolve(cwd, config.incidents.runbooks) },
  };
}

/** The file name swaybot looks for in the working directory when `SWAYBOT_CONFIG` is not set. */
export const CONFIG_FILE = 'swaybot.config.yaml';

/**
 * The configuration file `loadConfig` reads: `$SWAYBOT_CONFIG` (which must exist), else
 * `./swaybot.config.yaml` when present, else undefined (every value is a default or from the environment).
 */
export function configFile(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string | undefined {
  const explicit = env['SWAYBOT_CONFIG'];
  const path = resolve(cwd, explicit || CONFIG_FILE);
  if (explicit && !existsSync(path)) throw new ConfigError(`SWAYBOT_CONFIG points at ${path}, which does not exist`);
  return existsSync(path) ? path : undefined;
}

/** The environment variable that overrides each setting it names (see `applyEnv`). */
export const ENV_OVERRIDES = {
  'temporal.address': 'TEMPORAL_ADDRESS',
  'temporal.namespace': 'TEMPORAL_NAMESPACE',
  stateDir: 'SWAYBOT_STATE_DIR',
  'hardware.inventory': 'SWAYBOT_HARDWARE_INVENTORY',
  'alerts.port': 'SWAYBOT_ALERTS_PORT',
  'slack.port': 'SWAYBOT_SLACK_PORT',
  'slack.apiUrl': 'SWAYBOT_SLACK_API_URL',
  'telemetry.port': 'SWAYBOT_TELEMETRY_PORT',
  'telemetry.metricsPort': 'SWAYBOT_TELEMETRY_METRICS_PORT',
  // Added to (not replacing) `http.allowHosts`: comma-separated entries.
  'http.allowHosts': 'SWAYBOT_HTTP_ALLOW',
} as const;

function applyEnv(raw: unknown, env: NodeJS.ProcessEnv): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const out: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
  const temporal: Record<string, unknown> = { ...((out['temporal'] as Record<string, unknown>) ?? {}) };
  if (env['TEMPORAL_ADDRESS']) temporal['address'] = env['TEMPORAL_ADDRESS'];
  if (env['TEMPORAL_NAMESPACE']) temporal['namespace'] = env['TEMPORAL_NAMESPACE'];
  out['temporal'] = temporal;
  if (env['SWAYBOT_STATE_DIR']) out['stateDir'] = env['SWAYBOT_STATE_DIR'];
  // `swaybot up` tells its worker which inventory its drill fleet simulates.
  if (env['SWAYBOT_HARDWARE_INVENTORY']) {
    out['hardware'] = { ...((out['hardware'] as Record<string, unknown>) ?? {}), inventory: env['SWAYBOT_HARDWARE_INVENTORY'] };
  }
  // `swaybot up` picks the ports of the alert receiver and the Slack app, and the demo's local Slack.
  const port = (name: string): unknown => (/^\d+$/.test(env[name] ?? '') ? Number(env[name]) : env[name]);
  if (env['SWAYBOT_ALERTS_PORT']) out['alerts'] = { ...((out['alerts'] as Record<string, unknown>) ?? {}), port: port('SWAYBOT_ALERTS_PORT') };
  const slack: Record<string, unknown> = { ...((out['slack'] as Record<string, unknown>) ?? {}) };
  if (env['SWAYBOT_SLACK_PORT']) slack['port'] = port('SWAYBOT_SLACK_PORT');
  if (env['SWAYBOT_SLACK_API_URL']) slack['apiUrl'] = env['SWAYBOT_SLACK_API_URL'];
  if (Object.keys(slack).length > 0) out['slack'] = slack;
  const telemetry: Record<string, unknown> = { ...((out['telemetry'] as Record<string, unknown>) ?? {}) };
  if (env['SWAYBOT_TELEMETRY_PORT']) telemetry['port'] = port('SWAYBOT_TELEMETRY_PORT');
  if (env['SWAYBOT_TELEMETRY_METRICS_PORT']) telemetry['metricsPort'] = port('SWAYBOT_TELEMETRY_METRICS_PORT');
  if (Object.keys(telemetry).length > 0) out['telemetry'] = telemetry;
  // `swaybot up --demo-port N` lets its worker reach the demo service there; adds to the file's list.
  const allow = (env['SWAYBOT_HTTP_ALLOW'] ?? '').split(',').map((e) => e.trim()).filter((e) => e !== '');
  if (allow.length > 0) {
    const http: Record<string, unknown> = { ...((out['http'] as Record<string, unknown>) ?? {}) };
    const listed = Array.isArray(http['allowHosts']) ? (http['allowHosts'] as unknown[]) : [...DEFAULT_ALLOW_HOSTS];
    http['allowHosts'] = [...listed, ...allow];
    out['http'] = http;
  }
  return out;
}
