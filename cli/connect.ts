/**
 * Where CLI commands find Temporal: `--address`, else `TEMPORAL_ADDRESS`, the profile
 * `TEMPORAL_PROFILE` / `TEMPORAL_CONFIG_FILE` name, or `temporal.address` in the config,
 * else the running `swaybot up` on this state folder, else the dev stack's default
 * 127.0.0.1:<temporal.port>. A configured server gets the TLS, client certificate and API
 * key of the connection settings (client/connection.ts); the local dev server never does.
 */
import { Client, type Connection } from '@temporalio/client';
import { connectTemporal } from '../client/connect-temporal.js';
import { loadTemporalConnection, withTemporalConnection, type TemporalConnectOptions, type TemporalConnectionSettings } from '../client/connection.js';
import { TemporalUnreachableError } from '../client/errors/temporal-unreachable.js';
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
  /** How to connect to `address`: with TLS and credentials for a configured server, plain for the local dev server. */
  connection: TemporalConnectOptions;
}

/**
 * Loads the config from `env` (the command's, see io.ts), with the address and namespace of
 * the Temporal connection settings; problems become a CLI error naming each field or variable.
 */
export function cliConfig(env: NodeJS.ProcessEnv): Config {
  return loadForCli(env).config;
}

function loadForCli(env: NodeJS.ProcessEnv): { config: Config; settings: TemporalConnectionSettings } {
  try {
    const settings = loadTemporalConnection(env);
    return { config: withTemporalConnection(loadConfig(env), settings), settings };
  } catch (err) {
    if ((err as ConfigError).name === 'ConfigError') throw new CliError((err as Error).message, 2);
    throw err;
  }
}

/** The Temporal server, namespace and task queue a command talks to, from its options and `env`. */
export function resolveTarget(options: { address?: string }, env: NodeJS.ProcessEnv): Target {
  const { config, settings } = loadForCli(env);
  const { namespace, taskQueue, port, uiPort } = config.temporal;
  const base = { namespace, taskQueue, config };
  const envUi = env['SWAYBOT_UI_URL'] ? { uiUrl: env['SWAYBOT_UI_URL'].replace(/\/$/, '') } : {};
  const explicit = options.address ?? config.temporal.address;
  const stack = runningStack(config.stateDir);
  const configured = (address: string) => {
    try {
      return settings.connectOptions(address);
    } catch (err) {
      if ((err as ConfigError).name === 'ConfigError') throw new CliError((err as Error).message, 2);
      throw err;
    }
  };
  if (explicit) {
    // The running stack knows its Web UI even when its address was given explicitly.
    const ui = stack?.address === explicit && stack.uiUrl ? { uiUrl: stack.uiUrl } : uiFor(explicit, config);
    return { ...base, address: explicit, connection: configured(explicit), ...ui, ...envUi };
  }
  if (stack) {
    // A stack that started no server of its own runs against a configured one: same settings.
    const connection = stack.serverPid === undefined ? configured(stack.address) : { address: stack.address };
    return { ...base, address: stack.address, connection, ...(stack.uiUrl ? { uiUrl: stack.uiUrl } : {}), ...envUi };
  }
  const address = `127.0.0.1:${port}`;
  return { ...base, address, connection: { address }, uiUrl: `http://127.0.0.1:${uiPort}`, ...envUi };
}

/** How `swaybot up` connects to its stack's server: yours with the connection settings' TLS and credentials, the embedded one plain. */
export function stackConnectOptions(stack: { address: string; external: boolean }, env: NodeJS.ProcessEnv): TemporalConnectOptions {
  return stack.external ? loadForCli(env).settings.connectOptions(stack.address) : { address: stack.address };
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
    connection = await connectTemporal(target.connection);
  } catch (err) {
    // A secured or refused connection says why; a plain one that fails has no server behind it.
    if (err instanceof TemporalUnreachableError && (err.security || err.refused)) throw new CliError(err.message);
    throw new CliError(
      `No Temporal server at ${target.address}; start one with \`npm start\` (or \`npx swaybot up\`) or set TEMPORAL_ADDRESS=host:port`,
    );
  }
  const client = new Client({ connection, namespace: target.namespace });
  return { client, close: () => connection.close() };
}
