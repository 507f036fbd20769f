import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { insecureFetch } from '../../hardware/redfish/tls.js';
import { findSushyEmulator } from './sushy-binary.js';

const run = promisify(execFile);

/** One fake server of the emulator. */
export interface FakeSystem {
  readonly uuid: string;
  readonly name: string;
  readonly powerState: 'On' | 'Off';
}

/** Options for one emulator. */
export interface SushyOptions {
  /** Basic-auth user; the emulator then rejects requests without it (except the service root). */
  readonly username?: string;
  readonly password?: string;
  /** false: no auth file at all. */
  readonly auth?: boolean;
  readonly systems?: readonly FakeSystem[];
  readonly readyTimeoutMs?: number;
  /** TCP port on 127.0.0.1 (default: a free one). */
  readonly port?: number;
  /** Serve HTTPS with this certificate and key (PEM files): SUSHY_EMULATOR_SSL_CERT / _KEY. */
  readonly tls?: { readonly cert: string; readonly key: string };
}

/** A running `sushy-emulator --fake` on 127.0.0.1. `stop()` kills it; `dispose()` also deletes its folder. */
export interface Sushy {
  /** Process id of the emulator (leader of its own process group). */
  readonly pid: number | undefined;
  readonly baseUrl: string;
  readonly port: number;
  readonly username: string;
  readonly password: string;
  readonly dir: string;
  stop(): Promise<void>;
  dispose(): Promise<void>;
}

export const DEFAULT_FAKE_SYSTEMS: readonly FakeSystem[] = [
  { uuid: '8d5f0e3a-1f2b-4c1d-9a77-0b6c1e2f3a01', name: 'sim-node-1', powerState: 'On' },
  { uuid: '8d5f0e3a-1f2b-4c1d-9a77-0b6c1e2f3a02', name: 'sim-node-2', powerState: 'Off' },
];

/**
 * Starts the real OpenStack sushy-tools emulator with its fake driver, a fresh config,
 * state folder and htpasswd (bcrypt) in a temp folder, and resolves once GET /redfish/v1 answers.
 */
export async function startSushy(opts: SushyOptions = {}): Promise<Sushy> {
  const binary = findSushyEmulator();
  const username = opts.username ?? 'admin';
  const password = opts.password ?? 'sushy-password';
  const dir = await mkdtemp(join(tmpdir(), 'swaybot-sushy-'));
  const port = opts.port ?? (await freeTcpPort());
  const lines = [
    'SUSHY_EMULATOR_FAKE_DRIVER = True',
    `SUSHY_EMULATOR_STATE_DIR = ${JSON.stringify(join(dir, 'state'))}`,
    `SUSHY_EMULATOR_FAKE_SYSTEMS = ${pySystems(opts.systems ?? DEFAULT_FAKE_SYSTEMS)}`,
  ];
  if (opts.tls) {
    lines.push(`SUSHY_EMULATOR_SSL_CERT = ${JSON.stringify(opts.tls.cert)}`, `SUSHY_EMULATOR_SSL_KEY = ${JSON.stringify(opts.tls.key)}`);
  }
  if (opts.auth !== false) {
    await writeFile(join(dir, 'htpasswd'), `${username}:${await bcryptHash(binary, password)}\n`);
    lines.push(`SUSHY_EMULATOR_AUTH_FILE = ${JSON.stringify(join(dir, 'htpasswd'))}`);
  }
  await writeFile(join(dir, 'emulator.conf'), lines.join('\n') + '\n');
  // TMPDIR too: the emulator's sqlite state defaults to a folder under the temp dir shared by all runs.
  const child = spawn(binary, ['--fake', '--interface', '127.0.0.1', '--port', String(port), '--config', join(dir, 'emulator.conf')], {
    env: { ...process.env, TMPDIR: dir, PYTHONUNBUFFERED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  let exited = false;
  child.stdout.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  child.stderr.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  child.once('exit', () => (exited = true));
  child.once('error', (err) => (output += err.message));
  const stop = async () => {
    if (exited || child.pid === undefined) return;
    const gone = new Promise((r) => child.once('exit', r));
    // Its own process group (detached), so Flask's reloader or helpers die with it.
    try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
    await gone;
  };
  const baseUrl = `${opts.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  // The readiness probe accepts the (usually self-signed) test certificate; clients decide for themselves.
  const probe = opts.tls ? insecureFetch : fetch;
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 30_000);
  for (;;) {
    if (exited) throw new Error(`sushy-emulator exited during start:\n${output}`);
    const ready = await probe(new URL(`${baseUrl}/redfish/v1/`), { signal: AbortSignal.timeout(2000) }).then((r) => r.ok, () => false);
    if (ready) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`sushy-emulator did not answer on ${baseUrl} in time:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    baseUrl, port, username, password, dir, stop, pid: child.pid,
    dispose: async () => {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The fake driver's SUSHY_EMULATOR_FAKE_SYSTEMS list as a Python literal. */
function pySystems(systems: readonly FakeSystem[]): string {
  const items = systems.map((s) => `{'uuid': ${JSON.stringify(s.uuid)}, 'name': ${JSON.stringify(s.name)}, 'power_state': ${JSON.stringify(s.powerState)}, 'nics': []}`);
  return `[${items.join(', ')}]`;
}

/** bcrypt hash from the emulator's own venv (it ships bcrypt); htpasswd may not be installed. */
async function bcryptHash(binary: string, password: string): Promise<string> {
  const python = join(dirname(binary), 'python3');
  // The password travels in the environment, not argv, like a real secret would.
  const code = "import bcrypt, os; print(bcrypt.hashpw(os.environ['SUSHY_PW'].encode(), bcrypt.gensalt(4)).decode())";
  const { stdout } = await run(python, ['-c', code], { encoding: 'utf8', env: { ...process.env, SUSHY_PW: password } });
  return stdout.trim();
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
