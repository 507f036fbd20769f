/**
 * Where CLI commands find Temporal: `--address`, else `TEMPORAL_ADDRESS` or
 * `temporal.address` in the config, else the running `swaybot up` on this state
 * folder, else the dev stack's default 127.0.0.1:<temporal.port>.
 */
import { Client, Connection } from '@temporalio/client';
import { loadConfig, type ConfigError } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { runningStack } from '../devstack/stack-file.js';
import { CliError } from './errors.js';

export interface Target {
  address: string;
  namespace: string;
  taskQueue: string;
  config: Config;
  /** Web UI base URL when known (the local stack's, or `$SWAYBOT_UI_URL`). */
  uiUrl?: string;
}

/** Loads the config from `env` (the command's, see io.ts); config problems become a CLI error naming each field. */
export function cliConfig(env: NodeJS.ProcessEnv): Config {
  try {
    return loadConfig(env);
  } catch (err) {
    if ((err as ConfigError).name === 'ConfigError') throw new CliError((err as Error).message, 2);
    throw err;
  }
}

/** The Temporal server, namespace and task queue a command talks to, from its options and `env`. */
export function resolveTarget(options: { address?: string }, env: NodeJS.ProcessEnv): Target {
  const config = cliConfig(env);
  const { namespace, taskQueue, port, uiPort } = config.temporal;
  const base = { namespace, taskQueue, config };
  const envUi = env['SWAYBOT_UI_URL'] ? { uiUrl: env['SWAYBOT_UI_URL'].replace(/\/$/, '') } : {};
  const explicit = options.address ?? config.temporal.address;
  const stack = runningStack(config.stateDir);
  if (explicit) {
    // The running stack knows its Web UI even when its address was given explicitly.
    const ui = stack?.address === explicit && stack.uiUrl ? { uiUrl: stack.uiUrl } : uiFor(explicit, config);
    return { ...base, address: explicit, ...ui, ...envUi };
  }
  if (stack) return { ...base, address: stack.address, ...(stack.uiUrl ? { uiUrl: stack.uiUrl } : {}), ...envUi };
  return { ...base, address: `127.0.0.1:${port}`, uiUrl: `http://127.0.0.1:${uiPort}`, ...envUi };
}

/** The local dev server's UI when the address is the configured local port. */
function uiFor(address: string, config: Config): { uiUrl?: string } {
  const local = [`127.0.0.1:${config.temporal.port}`, `localhost:${config.temporal.port}`];
  return local.includes(address) ? { uiUrl: `http://127.0.0.1:${config.temporal.uiPort}` } : {};
}

/** Link to a workflow's page in the Web UI, when the UI is known. */
export function workflowUrl(target: Target, workflowId: string): string | undefined {
  if (!target.uiUrl) return undefined;
  return `${target.uiUrl}/namespaces/${encodeURIComponent(target.namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}

/**
 * Connects and checks that a Temporal frontend answers, so a missing server is one
 * clear line instead of a gRPC stack trace.
 */
export async function connectClient(target: Target): Promise<{ client: Client; close(): Promise<void> }> {
  let connection: Connection;
  try {
    connection = await Connection.connect({ address: target.address, connectTimeout: 3000 });
    await connection.workflowService.getSystemInfo({});
  } catch {
    throw new CliError(
      `No Temporal server at ${target.address}; start one with \`npm start\` (or \`npx swaybot up\`) or set TEMPORAL_ADDRESS=host:port`,
    );
  }
  const client = new Client({ connection, namespace: target.namespace });
  return { client, close: () => connection.close() };
}
