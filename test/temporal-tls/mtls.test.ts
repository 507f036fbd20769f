/**
 * swaybot against a secured Temporal: the shared dev server behind a real TLS terminator
 * (HAProxy), with a test CA made by openssl. The CLI (client connection) and the worker's
 * native connection take their settings from TEMPORAL_TLS_* variables, a TOML profile or an
 * API key, through the same code the commands and workers/main.ts run; what the terminator
 * refuses comes back as one line that says why, without a secret in it.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NativeConnection } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectClient, resolveTarget } from '../../cli/connect.js';
import { connectFailure } from '../../client/connect-temporal.js';
import { startRunbook } from '../../client/runbooks.js';
import { loadTemporalConnection, withTemporalConnection } from '../../client/connection.js';
import { loadConfig } from '../../config/load.js';
import { temporalConnectOptions } from '../../workers/connect.js';
import { cliEnv, runCli, startCli } from '../cli/cli.js';
import { runInProcess } from '../cli/in-process.js';
import { directory, log, plan } from '../support-interpreter/plans.js';
import { makeTestPki, opensslMissing, type TestPki } from '../support/test-pki.js';
import { connectTestServer, uniqueTaskQueue } from '../support/temporal.js';
import { findHaproxy, startTlsTerminator, type TlsTerminator } from '../support/tls-terminator.js';

const haproxy = findHaproxy();
const missing = haproxy.missing ?? opensslMissing();
if (missing) console.warn(`[test/temporal-tls/mtls.test.ts] not run: ${missing}`);

const API_KEY = 'swaybot-test-key-5f0c2a';
const MAIN = fileURLToPath(new URL('../../workers/main.ts', import.meta.url));

/** Runs workers/main.ts with exactly `env`; `waitFor` resolves once its output has `text`, rejects if it exits first. */
function startMain(env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const waiters: (() => void)[] = [];
  const append = (c: Buffer) => {
    out += c.toString();
    for (const w of waiters) w();
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  const waitFor = (text: string) =>
    new Promise<void>((resolve, reject) => {
      waiters.push(() => out.includes(text) && resolve());
      void exited.then(() => (out.includes(text) ? resolve() : reject(new Error(`exited before "${text}": ${out}`))));
      if (out.includes(text)) resolve();
    });
  return { child, output: () => out, exited, waitFor };
}

describe.runIf(!missing)('swaybot through a TLS terminator (haproxy) in front of Temporal', () => {
  const namespace = inject('temporalNamespace');
  let dir: string;
  let pki: TestPki;
  let terminator: TlsTerminator | undefined;
  /** A Temporal CLI profile file: `secured` (the test CA's client certificate), `rogue` (another CA's), `default` (nothing there). */
  let profiles: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'swaybot-tls-'));
    pki = makeTestPki(dir);
    terminator = await startTlsTerminator({ binary: haproxy.binary!, backend: inject('temporalAddress'), pki, key: API_KEY, dir });
    const profile = (name: string, cert: { cert: string; key: string }) => [
      `[profile.${name}]`,
      `address = "${terminator!.mtls}"`,
      `namespace = "${namespace}"`,
      `[profile.${name}.tls]`,
      `client_cert_path = "${cert.cert}"`,
      `client_key_path = "${cert.key}"`,
      `server_ca_cert_path = "${pki.ca}"`,
      // The server's certificate names localhost and 127.0.0.1: the name checked is this one.
      'server_name = "localhost"',
      '',
    ];
    profiles = join(dir, 'temporal.toml');
    writeFileSync(profiles, ['[profile.default]', 'address = "127.0.0.1:1"', '', ...profile('secured', pki.client), ...profile('rogue', pki.rogue)].join('\n'));
  });

  afterAll(async () => {
    await terminator?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** A CLI environment (own config and state folder) for `address`, with these connection variables. */
  const envFor = (address: string, extra: NodeJS.ProcessEnv) => cliEnv({ address, extra });
  const mtlsVars = (cert = pki.client): NodeJS.ProcessEnv => ({
    TEMPORAL_TLS_CLIENT_CERT_PATH: cert.cert,
    TEMPORAL_TLS_CLIENT_KEY_PATH: cert.key,
    TEMPORAL_TLS_SERVER_CA_CERT_PATH: pki.ca,
  });
  /** What `swaybot runbook list` (a real command, in this process) prints with this environment. */
  const listRuns = (env: NodeJS.ProcessEnv) => runInProcess(['runbook', 'list'], env);
  /** What the worker's connection (workers/main.ts) does with this environment. */
  const workerConnect = async (env: NodeJS.ProcessEnv) => {
    const settings = loadTemporalConnection(env);
    const options = temporalConnectOptions(withTemporalConnection(loadConfig(env), settings), settings, env);
    return { options, connection: await NativeConnection.connect(options).catch(async (err: unknown) => Promise.reject(await connectFailure(options, err))) };
  };
  /** Neither the key material nor the API key may appear in what swaybot says. */
  const expectNoSecrets = (text: string) => {
    for (const file of [pki.client.key, pki.rogue.key]) {
      const body = readFileSync(file, 'utf8').split('\n')[1]!;
      expect(text).not.toContain(body);
    }
    expect(text).not.toContain(API_KEY);
  };

  it('a CLI command connects with the client certificate of the TEMPORAL_TLS_* variables', async () => {
    const env = envFor(terminator!.mtls, mtlsVars());
    const target = resolveTarget({}, env);
    expect(target.connection.tls).toMatchObject({ clientCertPair: expect.anything() });
    const { client, close } = await connectClient(target);
    try {
      const described = await client.workflowService.describeNamespace({ namespace });
      expect(described.namespaceInfo?.name).toBe(namespace);
    } finally {
      await close();
    }
    const listed = await listRuns(env);
    expect(listed.stderr).toBe('');
    expect(listed.code).toBe(0);
  });

  it("a worker's connection takes address, namespace and mTLS from the TOML profile TEMPORAL_PROFILE names", async () => {
    const env = cliEnv({ extra: { TEMPORAL_CONFIG_FILE: profiles, TEMPORAL_PROFILE: 'secured' } });
    delete env['TEMPORAL_ADDRESS'];
    const { options, connection } = await workerConnect(env);
    try {
      expect(options.address).toBe(terminator!.mtls);
      const described = await connection.workflowService.describeNamespace({ namespace });
      expect(described.namespaceInfo?.name).toBe(namespace);
    } finally {
      await connection.close();
    }
    // The CLI reads the same profile.
    expect(resolveTarget({}, env).address).toBe(terminator!.mtls);
    expect((await listRuns(env)).code).toBe(0);
  });

  it('the worker process (workers/main.ts) polls through the terminator with the profile and runs a runbook', { timeout: 120_000 }, async () => {
    const server = await connectTestServer();
    const taskQueue = uniqueTaskQueue('tls');
    const config = join(dir, 'worker.yaml');
    writeFileSync(config, `temporal:\n  taskQueue: ${taskQueue}\nalerts:\n  port: 0\ntelemetry:\n  enabled: false\ncapacity:\n  enabled: false\n`);
    const env: NodeJS.ProcessEnv = { ...process.env, SWAYBOT_CONFIG: config, SWAYBOT_STATE_DIR: join(dir, 'worker-state'), TEMPORAL_CONFIG_FILE: profiles, TEMPORAL_PROFILE: 'secured' };
    for (const name of ['TEMPORAL_ADDRESS', 'SWAYBOT_TEMPORAL_ADDRESS']) delete env[name];
    const worker = startMain(env);
    try {
      await worker.waitFor('worker ready');
      expect(worker.output()).toContain(terminator!.mtls);
      // Started on the plain test server; only the worker behind the terminator serves the queue.
      const handle = await startRunbook(server.client, { plan: plan('tls', [log('hello', 'hello through mTLS')]), taskQueue, directory });
      expect((await handle.result()).state).toBe('succeeded');
      expect(worker.output()).toContain('hello through mTLS');
      worker.child.kill('SIGTERM');
      expect(await worker.exited).toBe(0);
    } finally {
      worker.child.kill('SIGKILL');
      await server.close();
    }
  });

  it('the worker process exits with one line when the terminator refuses its certificate', { timeout: 60_000 }, async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, SWAYBOT_CONFIG: join(dir, 'none.yaml'), TEMPORAL_CONFIG_FILE: profiles, TEMPORAL_PROFILE: 'rogue' };
    writeFileSync(env['SWAYBOT_CONFIG']!, 'alerts:\n  port: 0\n');
    for (const name of ['TEMPORAL_ADDRESS', 'SWAYBOT_TEMPORAL_ADDRESS']) delete env[name];
    const worker = startMain(env);
    expect(await worker.exited).toBe(1);
    expect(worker.output()).toContain(`swaybot worker: Cannot connect to Temporal at ${terminator!.mtls} over mTLS: the server refused the client certificate`);
    expectNoSecrets(worker.output());
  });

  it('`swaybot up` uses the profile\'s server over mTLS, starts none, and runs its worker with the same settings', { timeout: 240_000 }, async () => {
    const stateDir = mkdtempSync(join(dir, 'up-'));
    const config = join(stateDir, 'swaybot.config.yaml');
    writeFileSync(config, `temporal:\n  taskQueue: ${uniqueTaskQueue('tls-up')}\nalerts:\n  port: 0\ntelemetry:\n  enabled: false\ncapacity:\n  enabled: false\n`);
    const env = cliEnv({ extra: { SWAYBOT_CONFIG: config, SWAYBOT_STATE_DIR: stateDir, TEMPORAL_CONFIG_FILE: profiles, TEMPORAL_PROFILE: 'secured' } });
    delete env['TEMPORAL_ADDRESS'];
    const up = startCli(['up', '--no-drill', '--state-dir', stateDir], env);
    try {
      await up.waitFor(/swaybot is up/, 180_000);
      expect(up.output()).toContain(`using your Temporal server at ${terminator!.mtls} over mTLS`);
      expect(up.output()).toMatch(new RegExp(`worker ready \\(task queue tls-up-\\S+, ${terminator!.mtls.replace(/\./g, '\\.')},`));
    } finally {
      up.child.kill('SIGINT');
    }
    expect((await up.exited).code).toBe(0);
    expectNoSecrets(up.output());

    const refused = await runCli(['up', '--no-drill', '--state-dir', stateDir], { ...env, TEMPORAL_PROFILE: 'rogue' });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`Cannot connect to Temporal at ${terminator!.mtls} over mTLS: the server refused the client certificate`);
    expectNoSecrets(refused.stderr);
  });

  it('without a client certificate the terminator refuses, and swaybot says a client certificate is required', async () => {
    const env = envFor(terminator!.mtls, { TEMPORAL_TLS_SERVER_CA_CERT_PATH: pki.ca });
    const listed = await listRuns(env);
    expect(listed.code).toBe(1);
    expect(listed.stderr).toContain(`Cannot connect to Temporal at ${terminator!.mtls} over TLS: the server requires a client certificate (mTLS) and none was sent`);
    expect(listed.stderr).toContain('TEMPORAL_TLS_CLIENT_CERT_PATH');
    await expect(workerConnect(env)).rejects.toThrow('the server requires a client certificate (mTLS) and none was sent');
  });

  it('a client certificate from another CA is refused, and the message names no key material', async () => {
    const env = envFor(terminator!.mtls, mtlsVars(pki.rogue));
    const listed = await listRuns(env);
    expect(listed.code).toBe(1);
    expect(listed.stderr).toContain(`Cannot connect to Temporal at ${terminator!.mtls} over mTLS: the server refused the client certificate`);
    expectNoSecrets(listed.stderr);
    const refused = await workerConnect(env).then(() => undefined, (err: Error) => err);
    expect(refused?.message).toContain('the server refused the client certificate');
    expectNoSecrets(refused!.message);
  });

  it("a server certificate from a CA the client was not given is not trusted, and swaybot says which setting names the CA", async () => {
    const env = envFor(terminator!.mtls, { TEMPORAL_TLS_CLIENT_CERT_PATH: pki.client.cert, TEMPORAL_TLS_CLIENT_KEY_PATH: pki.client.key });
    const listed = await listRuns(env);
    expect(listed.code).toBe(1);
    expect(listed.stderr).toContain("the server's certificate is not trusted");
    expect(listed.stderr).toContain('TEMPORAL_TLS_SERVER_CA_CERT_PATH');
  });

  it('an API key turns TLS on and travels as a bearer token; a wrong one is refused without being printed', async () => {
    const env = envFor(terminator!.apiKey, { TEMPORAL_API_KEY: API_KEY, TEMPORAL_TLS_SERVER_CA_CERT_PATH: pki.ca });
    const { client, close } = await connectClient(resolveTarget({}, env));
    try {
      expect((await client.workflowService.describeNamespace({ namespace })).namespaceInfo?.name).toBe(namespace);
    } finally {
      await close();
    }
    const { connection } = await workerConnect(env);
    await connection.close();

    const wrong = 'not-the-key-0d9e';
    const listed = await listRuns({ ...env, TEMPORAL_API_KEY: wrong });
    expect(listed.code).toBe(1);
    expect(listed.stderr).toContain(`Cannot connect to Temporal at ${terminator!.apiKey} over TLS, API key: the server refused the credentials (UNAUTHENTICATED`);
    expect(listed.stderr).toContain('check TEMPORAL_API_KEY');
    expect(listed.stderr).not.toContain(wrong);
    expectNoSecrets(listed.stderr);
    const refused = await workerConnect({ ...env, TEMPORAL_API_KEY: wrong }).then(() => undefined, (err: Error) => err);
    expect(refused?.message).toContain('the server refused the credentials (UNAUTHENTICATED: API key not accepted); check TEMPORAL_API_KEY');
    expect(refused?.message).not.toContain(wrong);
  });
});
