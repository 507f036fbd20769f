/**
 * A real TLS terminator in front of the test's Temporal dev server, as a hardened cluster or
 * Temporal Cloud puts one in front of its frontend: HAProxy (Debian `haproxy`) on free loopback
 * ports, with two frontends. `mtls` asks for a client certificate signed by the test CA and
 * passes the decrypted gRPC stream through; `apiKey` takes TLS without a client certificate
 * and lets a request through only with `authorization: Bearer <key>` (else gRPC status 16,
 * UNAUTHENTICATED, as an authenticating frontend answers). Bootstrap installs HAProxy; where it is missing the tests
 * skip, saying how to install it, except under CI, where that fails.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { freePort, isListening } from '../../devstack/ports.js';
import { isCi } from './shared-data.js';
import type { TestPki } from './test-pki.js';

/** The command that installs it, as bootstrap runs it. */
export const HAPROXY_INSTALL = 'sudo apt-get install -y haproxy';

/** The haproxy binary (`$SWAYBOT_HAPROXY_BIN`, else on PATH or in /usr/sbin), or why it is missing; under CI a missing one throws. */
export function findHaproxy(env: NodeJS.ProcessEnv = process.env): { binary: string; missing?: undefined } | { binary?: undefined; missing: string } {
  const explicit = env['SWAYBOT_HAPROXY_BIN'];
  if (explicit && existsSync(explicit)) return { binary: explicit };
  if (!explicit) {
    // Debian installs it in /usr/sbin, which a non-root PATH often lacks.
    for (const dir of [...(env['PATH'] ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin']) {
      if (dir && existsSync(join(dir, 'haproxy'))) return { binary: join(dir, 'haproxy') };
    }
  }
  const missing = explicit
    ? `SWAYBOT_HAPROXY_BIN=${explicit} does not exist`
    : `haproxy not found (PATH, /usr/sbin). Install it: ${HAPROXY_INSTALL} (npm run bootstrap does this as root), or set SWAYBOT_HAPROXY_BIN`;
  if (isCi(env)) throw new Error(`${missing}. CI runs the TLS tests, so a missing haproxy fails the run.`);
  return { missing };
}

export interface TlsTerminator {
  /** `127.0.0.1:port` of the mTLS frontend (client certificate required). */
  mtls: string;
  /** `127.0.0.1:port` of the API-key frontend (TLS, `authorization: Bearer <apiKey>` required). */
  apiKey: string;
  /** Stops haproxy (SIGTERM, then SIGKILL after 5 s) and waits for it to exit. */
  stop(): Promise<void>;
}

export interface TlsTerminatorOptions {
  binary: string;
  /** The dev server's frontend, `127.0.0.1:port`. */
  backend: string;
  pki: TestPki;
  /** The one API key the `apiKey` frontend lets through. */
  key: string;
  /** A folder of the test's own: config and log go in it. */
  dir: string;
  readyTimeoutMs?: number;
}

/** Starts haproxy and resolves once both frontends accept connections. */
export async function startTlsTerminator(options: TlsTerminatorOptions): Promise<TlsTerminator> {
  const [mtlsPort, apiKeyPort] = [await freePort(), await freePort()];
  const { pki, backend } = options;
  const config = join(options.dir, 'haproxy.cfg');
  writeFileSync(
    config,
    [
      'global',
      '  maxconn 256',
      'defaults',
      '  timeout connect 5s',
      '  timeout client 5m',
      '  timeout server 5m',
      'frontend mtls',
      '  mode tcp',
      `  bind 127.0.0.1:${mtlsPort} ssl crt ${pki.serverBundle} ca-file ${pki.ca} verify required alpn h2`,
      '  default_backend temporal_tcp',
      'frontend api_key',
      '  mode http',
      `  bind 127.0.0.1:${apiKeyPort} ssl crt ${pki.serverBundle} alpn h2`,
      // What an authenticating frontend answers: a trailers-only gRPC response with status 16 (UNAUTHENTICATED).
      `  http-request return status 200 content-type application/grpc hdr grpc-status 16 hdr grpc-message "API key not accepted" unless { req.hdr(authorization) -m str "Bearer ${options.key}" }`,
      '  default_backend temporal_h2',
      'backend temporal_tcp',
      '  mode tcp',
      `  server dev ${backend}`,
      'backend temporal_h2',
      '  mode http',
      `  server dev ${backend} proto h2`,
      '',
    ].join('\n'),
  );
  const logFile = join(options.dir, 'haproxy.log');
  const out = openSync(logFile, 'a');
  // -db: stay in the foreground, so the test owns the process and its exit.
  const child = spawn(options.binary, ['-db', '-f', config], { stdio: ['ignore', out, out] });
  closeSync(out);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };

  const deadline = Date.now() + (options.readyTimeoutMs ?? 15_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`haproxy exited before it listened:\n${readFileSync(logFile, 'utf8')}`);
    if ((await isListening(mtlsPort)) && (await isListening(apiKeyPort))) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`haproxy did not listen on ${mtlsPort} and ${apiKeyPort} in time:\n${readFileSync(logFile, 'utf8')}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { mtls: `127.0.0.1:${mtlsPort}`, apiKey: `127.0.0.1:${apiKeyPort}`, stop };
}
