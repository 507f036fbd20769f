/**
 * Loading the Temporal connection settings (client/connection.ts): the Temporal CLI's TOML
 * profiles and TEMPORAL_* variables through @temporalio/envconfig, their precedence over
 * swaybot's config, TLS on by default with an API key, and errors that name the variable,
 * file or key at fault without quoting a secret. No server needed.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSConfig } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envForEmbeddedServer, loadTemporalConnection, withTemporalConnection } from '../../client/connection.js';
import { loadConfig } from '../../config/load.js';
import { temporalConnectOptions } from '../../workers/connect.js';
import { makeTestPki, opensslMissing, type TestPki } from '../support/test-pki.js';

const API_KEY = 'secret-api-key-7c1d';

let dir: string;
let pki: TestPki | undefined;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'swaybot-conn-'));
  if (!opensslMissing()) pki = makeTestPki(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes a file under the test folder and returns its path. */
function file(name: string, text: string): string {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

/** swaybot's config as the CLI and workers/main.ts see it: the YAML file, then the connection settings. */
function effective(env: NodeJS.ProcessEnv, yaml = '') {
  const config = file(`swaybot-${Math.random().toString(36).slice(2)}.yaml`, yaml);
  const full = { SWAYBOT_CONFIG: config, ...env };
  const settings = loadTemporalConnection(full);
  return { settings, config: withTemporalConnection(loadConfig(full, dir), settings), env: full };
}

/** The ConfigError's message, or a failure naming what did not throw. */
function failure(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect((err as Error).name).toBe('ConfigError');
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
}

const PROFILES = `
[profile.default]
address = "default.example:7233"
namespace = "from-default-profile"

[profile.prod]
address = "prod.a1b2c.tmprl.cloud:7233"
namespace = "prod.a1b2c"
api_key = "${API_KEY}"

[profile.prod.grpc_meta]
x-team = "sre"
`;

describe('connection settings: where swaybot connects', () => {
  it('with no TEMPORAL_* variable and no config address: the embedded dev server, plain, even beside a CLI profile file', () => {
    // The Temporal CLI's default file exists, with an address: swaybot reads it only when a profile is asked for.
    const home = join(dir, 'home-with-profile');
    file('home-with-profile/.config/temporalio/temporal.toml', PROFILES);
    const { settings, config, env } = effective({ HOME: home, XDG_CONFIG_HOME: '' });
    expect(settings.address).toBeUndefined();
    expect(config.temporal.address).toBeUndefined();
    expect(temporalConnectOptions(config, settings, env)).toEqual({ address: '127.0.0.1:7233' });
  });

  it('TEMPORAL_ADDRESS and TEMPORAL_NAMESPACE alone: that server, plain, as before', () => {
    const { settings, config, env } = effective({ TEMPORAL_ADDRESS: 'temporal.internal:7233', TEMPORAL_NAMESPACE: 'ops' }, 'temporal:\n  address: yaml.internal:7233\n  namespace: yaml-ns\n');
    expect(config.temporal.address).toBe('temporal.internal:7233');
    expect(config.temporal.namespace).toBe('ops');
    expect(temporalConnectOptions(config, settings, env)).toEqual({ address: 'temporal.internal:7233' });
  });

  it('the config file alone still works: temporal.address and temporal.namespace', () => {
    const { config } = effective({}, 'temporal:\n  address: yaml.internal:7233\n  namespace: yaml-ns\n');
    expect(config.temporal).toMatchObject({ address: 'yaml.internal:7233', namespace: 'yaml-ns' });
  });

  it('TEMPORAL_PROFILE reads the Temporal CLI default file ($XDG_CONFIG_HOME/temporalio/temporal.toml); the profile beats the config file', () => {
    const xdg = join(dir, 'xdg');
    file('xdg/temporalio/temporal.toml', PROFILES);
    const { settings, config } = effective({ XDG_CONFIG_HOME: xdg, TEMPORAL_PROFILE: 'prod' }, 'temporal:\n  address: yaml.internal:7233\n  namespace: yaml-ns\n');
    expect(settings.profile).toEqual({ name: 'prod', file: join(xdg, 'temporalio', 'temporal.toml') });
    expect(config.temporal).toMatchObject({ address: 'prod.a1b2c.tmprl.cloud:7233', namespace: 'prod.a1b2c' });
  });

  it('TEMPORAL_CONFIG_FILE without TEMPORAL_PROFILE: its default profile; variables override single fields of it', () => {
    const path = file('profiles/a.toml', PROFILES);
    const { config } = effective({ TEMPORAL_CONFIG_FILE: path, TEMPORAL_NAMESPACE: 'override' });
    expect(config.temporal).toMatchObject({ address: 'default.example:7233', namespace: 'override' });
    const { config: both } = effective({ TEMPORAL_CONFIG_FILE: path, TEMPORAL_PROFILE: 'prod', TEMPORAL_ADDRESS: 'other.example:7233' });
    expect(both.temporal).toMatchObject({ address: 'other.example:7233', namespace: 'prod.a1b2c' });
  });

  it('an API key turns TLS on by default (as envconfig does) and goes with gRPC metadata to the configured server only', () => {
    const path = file('profiles/b.toml', PROFILES);
    const { settings, config, env } = effective({ TEMPORAL_CONFIG_FILE: path, TEMPORAL_PROFILE: 'prod' });
    const options = temporalConnectOptions(config, settings, env);
    expect(options).toEqual({ address: 'prod.a1b2c.tmprl.cloud:7233', tls: true, apiKey: API_KEY, metadata: { 'x-team': 'sre' } });
    // The stack's own worker of the embedded server: no key, no profile, the resolved namespace.
    const child = envForEmbeddedServer({ ...env, TEMPORAL_API_KEY: API_KEY, TEMPORAL_TLS_CLIENT_KEY_DATA: 'k', TEMPORAL_GRPC_META_X: 'y', PATH: '/bin' }, 'prod.a1b2c');
    expect(Object.keys(child).filter((k) => k.startsWith('TEMPORAL_'))).toEqual(['TEMPORAL_NAMESPACE']);
    expect(child).toMatchObject({ TEMPORAL_NAMESPACE: 'prod.a1b2c', PATH: '/bin' });
  });

  it('TEMPORAL_API_KEY with an address and nothing else: TLS on, the key sent', () => {
    const { settings, config, env } = effective({ TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233', TEMPORAL_API_KEY: API_KEY });
    expect(temporalConnectOptions(config, settings, env)).toEqual({ address: 'ns.acct.tmprl.cloud:7233', tls: true, apiKey: API_KEY });
  });

  it.runIf(!opensslMissing())('mTLS from a profile: certificate files read, server name kept; variables replace single TLS fields', () => {
    const path = file(
      'profiles/mtls.toml',
      `[profile.default]\naddress = "127.0.0.1:7443"\n[profile.default.tls]\nclient_cert_path = "${pki!.client.cert}"\nclient_key_path = "${pki!.client.key}"\nserver_ca_cert_path = "${pki!.ca}"\nserver_name = "temporal.internal"\n`,
    );
    const { settings } = effective({ TEMPORAL_CONFIG_FILE: path, TEMPORAL_TLS_SERVER_NAME: 'frontend.internal' });
    const options = settings.connectOptions('127.0.0.1:7443');
    const tls = options.tls as TLSConfig;
    expect(tls.serverNameOverride).toBe('frontend.internal');
    const bytes = (data: Uint8Array | undefined) => Buffer.from(data ?? []).toString('utf8');
    expect(bytes(tls.serverRootCACertificate)).toBe(readFileSync(pki!.ca, 'utf8'));
    expect(bytes(tls.clientCertPair?.crt)).toBe(readFileSync(pki!.client.cert, 'utf8'));
    expect(bytes(tls.clientCertPair?.key)).toBe(readFileSync(pki!.client.key, 'utf8'));
    expect(options.apiKey).toBeUndefined();
  });

  it('TEMPORAL_TLS=false turns TLS off; TEMPORAL_TLS=true alone turns it on with the system roots', () => {
    const on = effective({ TEMPORAL_ADDRESS: 'a.example:7233', TEMPORAL_TLS: 'true' }).settings.connectOptions('a.example:7233').tls as TLSConfig;
    expect(typeof on).toBe('object');
    expect([on.serverRootCACertificate, on.clientCertPair]).toEqual([undefined, undefined]);
    expect(effective({ TEMPORAL_ADDRESS: 'a.example:7233', TEMPORAL_TLS: 'false' }).settings.connectOptions('a.example:7233').tls).toBe(false);
  });
});

describe('connection settings: errors name the variable, file or key, never a secret', () => {
  it('TEMPORAL_CONFIG_FILE that does not exist', () => {
    expect(failure(() => loadTemporalConnection({ TEMPORAL_CONFIG_FILE: join(dir, 'nope.toml') }))).toBe(`TEMPORAL_CONFIG_FILE points at ${join(dir, 'nope.toml')}, which does not exist`);
  });

  it('TEMPORAL_PROFILE with no profile file, and a profile the file does not have', () => {
    expect(failure(() => loadTemporalConnection({ XDG_CONFIG_HOME: join(dir, 'empty-xdg'), TEMPORAL_PROFILE: 'prod' }))).toContain(
      `TEMPORAL_PROFILE asks for a profile, but the Temporal CLI's profile file ${join(dir, 'empty-xdg', 'temporalio', 'temporal.toml')} does not exist`,
    );
    const path = file('profiles/c.toml', PROFILES);
    expect(failure(() => loadTemporalConnection({ TEMPORAL_CONFIG_FILE: path, TEMPORAL_PROFILE: 'staging' }))).toBe(`TEMPORAL_PROFILE: ${path} has no profile 'staging' (it has default, prod)`);
  });

  it('TOML that does not parse: file, line and column, not the line itself (it may hold a key)', () => {
    const path = file('profiles/broken.toml', `[profile.default]\naddress = "a.example:7233"\napi_key = "${API_KEY}\n`);
    const message = failure(() => loadTemporalConnection({ TEMPORAL_CONFIG_FILE: path }));
    expect(message).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not valid TOML at line 3, column \\d+$`));
    expect(message).not.toContain(API_KEY);
  });

  it('an API key with TLS turned off is refused, naming both settings and not the key', () => {
    const message = failure(() => loadTemporalConnection({ TEMPORAL_ADDRESS: 'a.example:7233', TEMPORAL_API_KEY: API_KEY, TEMPORAL_TLS: 'false' }));
    expect(message).toContain('An API key is set (TEMPORAL_API_KEY) but TLS is turned off (TEMPORAL_TLS)');
    expect(message).not.toContain(API_KEY);
    const path = file('profiles/plain-key.toml', `[profile.default]\naddress = "a.example:7233"\napi_key = "${API_KEY}"\n[profile.default.tls]\ndisabled = true\n`);
    const fromFile = failure(() => loadTemporalConnection({ TEMPORAL_CONFIG_FILE: path }));
    expect(fromFile).toContain(`(api_key in profile 'default' of ${path}) but TLS is turned off (tls.disabled in profile 'default' of ${path})`);
    expect(fromFile).not.toContain(API_KEY);
  });

  it('a client certificate without its key, and a key without its certificate', () => {
    expect(failure(() => loadTemporalConnection({ TEMPORAL_ADDRESS: 'a.example:7233', TEMPORAL_TLS_CLIENT_CERT_PATH: '/x/client.pem' }))).toBe(
      'A client certificate is set (TEMPORAL_TLS_CLIENT_CERT_PATH) but no private key: set TEMPORAL_TLS_CLIENT_KEY_PATH or tls.client_key_path',
    );
    const message = failure(() => loadTemporalConnection({ TEMPORAL_ADDRESS: 'a.example:7233', TEMPORAL_TLS_CLIENT_KEY_DATA: '-----BEGIN PRIVATE KEY-----\nsecretbody\n-----END PRIVATE KEY-----' }));
    expect(message).toContain('A client private key is set (TEMPORAL_TLS_CLIENT_KEY_DATA) but no certificate');
    expect(message).not.toContain('secretbody');
  });

  it('a certificate file that is missing, or a key that is not PEM: the variable and path, never the content', () => {
    const settings = loadTemporalConnection({ TEMPORAL_ADDRESS: 'a.example:7233', TEMPORAL_TLS_CLIENT_CERT_PATH: join(dir, 'missing.pem'), TEMPORAL_TLS_CLIENT_KEY_PATH: join(dir, 'missing.key') });
    expect(failure(() => settings.connectOptions('a.example:7233'))).toBe(`TEMPORAL_TLS_CLIENT_CERT_PATH: cannot read the certificate ${join(dir, 'missing.pem')} (no such file)`);
    const cert = file('certs/client.pem', '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    const key = file('certs/client.key', 'not a key: secretbody\n');
    const bad = loadTemporalConnection({ TEMPORAL_ADDRESS: 'a.example:7233', TEMPORAL_TLS_CLIENT_CERT_PATH: cert, TEMPORAL_TLS_CLIENT_KEY_PATH: key });
    const message = failure(() => bad.connectOptions('a.example:7233'));
    expect(message).toBe(`TEMPORAL_TLS_CLIENT_KEY_PATH: ${key} is not a PEM private key (expected -----BEGIN PRIVATE KEY-----)`);
    const inline = loadTemporalConnection({ TEMPORAL_ADDRESS: 'a.example:7233', TEMPORAL_TLS_CLIENT_CERT_PATH: cert, TEMPORAL_TLS_CLIENT_KEY_DATA: 'secretbody' });
    expect(failure(() => inline.connectOptions('a.example:7233'))).toBe('TEMPORAL_TLS_CLIENT_KEY_DATA: the value is not a PEM private key (expected -----BEGIN PRIVATE KEY-----)');
  });

  it("a profile address that is not host:port; host verification turned off, which the TypeScript SDK cannot do", () => {
    const path = file('profiles/bad-address.toml', '[profile.default]\naddress = "https://a.example"\n');
    expect(failure(() => loadTemporalConnection({ TEMPORAL_CONFIG_FILE: path }))).toBe(`address in profile 'default' of ${path}: \`https://a.example\` is not host:port (e.g. my-ns.a1b2c.tmprl.cloud:7233)`);
    expect(failure(() => loadTemporalConnection({ TEMPORAL_ADDRESS: 'a.example:7233', TEMPORAL_TLS_DISABLE_HOST_VERIFICATION: 'true' }))).toContain('TEMPORAL_TLS_DISABLE_HOST_VERIFICATION is not supported');
  });
});
