/**
 * How swaybot's clients and workers reach a Temporal server you run or rent: the Temporal
 * CLI's connection settings (`@temporalio/envconfig`), a profile of its TOML file and the
 * `TEMPORAL_*` variables (address, namespace, TLS, mTLS, API key, gRPC metadata).
 *
 * The profile file is read only when asked for (`TEMPORAL_PROFILE` or `TEMPORAL_CONFIG_FILE`),
 * so `npm start` with neither, nor `TEMPORAL_ADDRESS`, still runs the embedded dev server
 * even where the `temporal` CLI is logged in to a cluster. Messages name the variable, file
 * or key a setting came from, never its value: API keys and private keys stay out of logs.
 */
import { readFileSync } from 'node:fs';
import { homedir, platform } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { loadClientConfig, loadClientConfigProfile, toClientOptions, type ClientConfigProfile, type ConfigDataSource } from '@temporalio/envconfig';
import type { TLSConfig } from '@temporalio/client';
import { ConfigError } from '../config/load.js';
import type { Config } from '../config/schema.js';

/** What `Connection.connect` and `NativeConnection.connect` both take. */
export interface TemporalConnectOptions {
  address: string;
  tls?: TLSConfig | boolean;
  apiKey?: string;
  metadata?: Record<string, string>;
}

export interface TemporalConnectionSettings {
  /** `TEMPORAL_ADDRESS`, else the profile's `address`; undefined when neither names a server. */
  readonly address?: string;
  /** `TEMPORAL_NAMESPACE`, else the profile's `namespace`. */
  readonly namespace?: string;
  /** The profile read, when a file was. */
  readonly profile?: { name: string; file: string };
  /**
   * Options to connect to a configured server at `address` (never the embedded dev server):
   * TLS, the client certificate pair, the API key and gRPC metadata. Reads the certificate
   * files once; throws a `ConfigError` naming the variable or key of a bad one.
   */
  connectOptions(address: string): TemporalConnectOptions;
}

/** Variables that carry connection credentials or choose a profile (see `envForEmbeddedServer`). */
const CREDENTIAL_VARS = /^TEMPORAL_(API_KEY|TLS|TLS_.*|PROFILE|CONFIG_FILE|GRPC_META_.*|CODEC_.*)$/;

/** Reads the connection settings from `env` (and the profile file it names). Throws a `ConfigError` naming what is wrong. */
export function loadTemporalConnection(env: NodeJS.ProcessEnv = process.env): TemporalConnectionSettings {
  const file = profileFile(env);
  const name = env['TEMPORAL_PROFILE'] || 'default';
  const text = file === undefined ? undefined : readText(file);
  const where = file ? `profile '${name}' of ${file.path}` : undefined;
  let profile: ClientConfigProfile;
  try {
    profile = loadClientConfigProfile({
      ...(text === undefined ? { disableFile: true } : { configSource: { data: text } }),
      overrideEnvVars: envconfigEnv(env),
    });
  } catch (err) {
    throw settingsError(err, file?.path, name, text);
  }
  const source = (vars: string[], key: string): string => vars.find((v) => env[v]) ?? (where ? `${key} in ${where}` : vars.join(' / '));
  if (profile.address !== undefined && !/^[^\s:]+:\d+$/.test(profile.address)) {
    throw new ConfigError(`${source(['TEMPORAL_ADDRESS'], 'address')}: \`${profile.address}\` is not host:port (e.g. my-ns.a1b2c.tmprl.cloud:7233)`);
  }
  if (/^(1|true)$/.test(env['TEMPORAL_TLS_DISABLE_HOST_VERIFICATION'] ?? '')) {
    throw new ConfigError(
      "TEMPORAL_TLS_DISABLE_HOST_VERIFICATION is not supported by Temporal's TypeScript SDK; set TEMPORAL_TLS_SERVER_NAME to a name in the server's certificate instead",
    );
  }
  const cert = source(['TEMPORAL_TLS_CLIENT_CERT_PATH', 'TEMPORAL_TLS_CLIENT_CERT_DATA'], 'tls.client_cert_path');
  const key = source(['TEMPORAL_TLS_CLIENT_KEY_PATH', 'TEMPORAL_TLS_CLIENT_KEY_DATA'], 'tls.client_key_path');
  const ca = source(['TEMPORAL_TLS_SERVER_CA_CERT_PATH', 'TEMPORAL_TLS_SERVER_CA_CERT_DATA'], 'tls.server_ca_cert_path');
  const tlsSettings = profile.tls;
  if (tlsSettings?.clientCert && !tlsSettings.clientKey) throw new ConfigError(`A client certificate is set (${cert}) but no private key: set TEMPORAL_TLS_CLIENT_KEY_PATH or tls.client_key_path`);
  if (tlsSettings?.clientKey && !tlsSettings.clientCert) throw new ConfigError(`A client private key is set (${key}) but no certificate: set TEMPORAL_TLS_CLIENT_CERT_PATH or tls.client_cert_path`);
  // As envconfig decides: TLS when a TLS section or variable is present and not disabled, or when an API key is.
  const tls = tlsSettings ? tlsSettings.disabled !== true : profile.apiKey !== undefined;
  if (profile.apiKey !== undefined && !tls) {
    throw new ConfigError(
      `An API key is set (${source(['TEMPORAL_API_KEY'], 'api_key')}) but TLS is turned off (${source(['TEMPORAL_TLS'], 'tls.disabled')}): the key would cross the network in clear text. Turn TLS on or unset the key`,
    );
  }

  let options: Omit<TemporalConnectOptions, 'address'> | undefined;
  return {
    ...(profile.address !== undefined ? { address: profile.address } : {}),
    ...(profile.namespace !== undefined ? { namespace: profile.namespace } : {}),
    ...(file ? { profile: { name, file: file.path } } : {}),
    connectOptions(address) {
      options ??= secureOptions(profile, tls, { cert, key, ca });
      return { address, ...options };
    },
  };
}

/**
 * `config` with the address and namespace the connection settings name. Precedence:
 * `TEMPORAL_ADDRESS` / `TEMPORAL_NAMESPACE`, then the profile, then `temporal.address` /
 * `temporal.namespace` of swaybot's config; with no address from any, the embedded dev server.
 */
export function withTemporalConnection(config: Config, settings: TemporalConnectionSettings): Config {
  const address = settings.address ?? config.temporal.address;
  return {
    ...config,
    temporal: { ...config.temporal, ...(address !== undefined ? { address } : {}), namespace: settings.namespace ?? config.temporal.namespace },
  };
}

/**
 * The environment for a worker of the embedded dev server: without the credential and
 * profile variables (that server takes plain connections, and the worker needs no key),
 * with the namespace the stack resolved.
 */
export function envForEmbeddedServer(env: NodeJS.ProcessEnv, namespace: string): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) if (!CREDENTIAL_VARS.test(name)) out[name] = value;
  out['TEMPORAL_NAMESPACE'] = namespace;
  return out;
}

/** The profile file: `$TEMPORAL_CONFIG_FILE` (must exist), else the CLI's default file when `$TEMPORAL_PROFILE` asks for a profile. */
function profileFile(env: NodeJS.ProcessEnv): { path: string; explicit: boolean } | undefined {
  const explicit = env['TEMPORAL_CONFIG_FILE'];
  if (explicit) return { path: resolve(explicit), explicit: true };
  if (!env['TEMPORAL_PROFILE']) return undefined;
  const path = defaultProfileFile(env);
  if (!path) throw new ConfigError('TEMPORAL_PROFILE is set, but there is no home folder to find temporalio/temporal.toml in: set TEMPORAL_CONFIG_FILE to your profile file');
  return { path, explicit: false };
}

/** Where the Temporal CLI keeps its profiles (envconfig's rule): `<user config folder>/temporalio/temporal.toml`. */
export function defaultProfileFile(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const home = env['HOME'] || homedir();
  let dir: string | undefined;
  if (platform() === 'win32') dir = env['APPDATA'];
  else if (platform() === 'darwin') dir = home ? join(home, 'Library', 'Application Support') : undefined;
  else dir = env['XDG_CONFIG_HOME'] && isAbsolute(env['XDG_CONFIG_HOME']) ? env['XDG_CONFIG_HOME'] : home ? join(home, '.config') : undefined;
  return dir ? join(dir, 'temporalio', 'temporal.toml') : undefined;
}

function readText({ path, explicit }: { path: string; explicit: boolean }): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw new ConfigError(`${explicit ? 'TEMPORAL_CONFIG_FILE' : 'TEMPORAL_PROFILE'}: cannot read ${path} (${code ?? String(err)})`);
    throw new ConfigError(
      explicit
        ? `TEMPORAL_CONFIG_FILE points at ${path}, which does not exist`
        : `TEMPORAL_PROFILE asks for a profile, but the Temporal CLI's profile file ${path} does not exist (set TEMPORAL_CONFIG_FILE to yours)`,
    );
  }
}

/** The variables envconfig reads: set ones only (an empty value counts as unset, as swaybot's config does), strings only. */
function envconfigEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && (value !== '' || name.startsWith('TEMPORAL_GRPC_META_'))) out[name] = value;
  }
  return out;
}

/** A loading error as a `ConfigError` that names the file and line, without quoting it (a line may hold a key). */
function settingsError(err: unknown, file: string | undefined, name: string, text: string | undefined): ConfigError {
  const { line, column } = err as { line?: unknown; column?: unknown };
  if (typeof line === 'number' && typeof column === 'number') return new ConfigError(`${file}: not valid TOML at line ${line}, column ${column}`);
  const message = err instanceof Error ? err.message : String(err);
  if (/^Profile '.*' not found/.test(message) && file && text !== undefined) {
    const known = Object.keys(loadClientConfig({ configSource: { data: text } }).profiles);
    return new ConfigError(`TEMPORAL_PROFILE: ${file} has no profile '${name}' (it has ${known.length ? known.join(', ') : 'none'})`);
  }
  return new ConfigError(`${file ? `${file}, profile '${name}'` : 'TEMPORAL_TLS_* variables'}: ${message}`);
}

/** TLS, client certificate pair, API key and metadata, as the SDK takes them; certificate files read and checked here. */
function secureOptions(profile: ClientConfigProfile, tls: boolean, names: { cert: string; key: string; ca: string }): Omit<TemporalConnectOptions, 'address'> {
  const loaded: ClientConfigProfile = { ...profile };
  if (profile.tls && tls) {
    const { clientCert, clientKey, serverCACert } = profile.tls;
    loaded.tls = {
      ...profile.tls,
      ...(clientCert ? { clientCert: pem(clientCert, names.cert, 'certificate') } : {}),
      ...(clientKey ? { clientKey: pem(clientKey, names.key, 'private key') } : {}),
      ...(serverCACert ? { serverCACert: pem(serverCACert, names.ca, 'certificate') } : {}),
    };
  }
  const { connectionOptions } = toClientOptions(loaded);
  return {
    ...(connectionOptions.tls !== undefined && connectionOptions.tls !== null ? { tls: connectionOptions.tls } : {}),
    ...(connectionOptions.apiKey !== undefined ? { apiKey: connectionOptions.apiKey } : {}),
    ...(profile.grpcMeta && Object.keys(profile.grpcMeta).length ? { metadata: profile.grpcMeta } : {}),
  };
}

/** Reads a PEM source and checks its armour; messages name the variable or key and the path, never the content. */
function pem(source: ConfigDataSource, name: string, kind: 'certificate' | 'private key'): ConfigDataSource {
  let data: Uint8Array;
  if ('path' in source) {
    try {
      data = readFileSync(source.path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new ConfigError(`${name}: cannot read the ${kind} ${source.path} (${code === 'ENOENT' ? 'no such file' : (code ?? String(err))})`);
    }
  } else {
    data = typeof source.data === 'string' ? Buffer.from(source.data) : source.data;
  }
  const armour = kind === 'certificate' ? /-----BEGIN CERTIFICATE-----/ : /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/;
  if (!armour.test(Buffer.from(data).toString('latin1'))) {
    const what = 'path' in source ? source.path : 'the value';
    throw new ConfigError(`${name}: ${what} is not a PEM ${kind} (expected -----BEGIN ${kind === 'certificate' ? 'CERTIFICATE' : 'PRIVATE KEY'}-----)`);
  }
  return { data };
}
