/**
 * A real Kubernetes API server for the capacity tests: `kube-apiserver` on a real `etcd`, both
 * plain processes on free loopback ports in a throwaway folder (../shared/docs/peers.md §6). No
 * kubelet or controllers run, so Deployments are stored but get no Pods: assert on `spec`, not
 * `status`. Auth is one bearer token in group `system:masters` (token file, RBAC on); the
 * apiserver makes its own self-signed serving certificate, which the kubeconfig trusts.
 * Bootstrap builds both binaries into the cache; where they are missing the tests skip, saying
 * how to build them, except under CI, where that fails.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { freePort } from '../../devstack/ports.js';
import { cacheDir } from '../../devstack/temporal-binary.js';
import { isCi } from './shared-data.js';

/** What builds them, as bootstrap does (once, ~10 min on 2 cores). */
export const KUBE_INSTALL = 'npm run bootstrap (builds etcd v3.6.16 and kube-apiserver v1.37.2 from the Go module proxy into the cache, once)';

export type KubeBinaries = { etcd: string; apiserver: string; missing?: undefined } | { etcd?: undefined; apiserver?: undefined; missing: string };

function inDir(dir: string): KubeBinaries | undefined {
  const etcd = join(dir, 'etcd');
  const apiserver = join(dir, 'kube-apiserver');
  return existsSync(etcd) && existsSync(apiserver) ? { etcd, apiserver } : undefined;
}

/**
 * `etcd` and `kube-apiserver`: both in `$SWAYBOT_KUBE_BIN_DIR`, else in `<cache>/kube/bin`
 * (bootstrap's build), else on PATH. Missing: outside CI, why and how to get them; under CI, throws.
 */
export function findKube(env: NodeJS.ProcessEnv = process.env): KubeBinaries {
  const explicit = env['SWAYBOT_KUBE_BIN_DIR'];
  let missing: string;
  if (explicit) {
    const found = inDir(explicit);
    if (found) return found;
    missing = `SWAYBOT_KUBE_BIN_DIR=${explicit} does not hold both etcd and kube-apiserver`;
  } else {
    const found = inDir(join(cacheDir(env), 'kube', 'bin'));
    if (found) return found;
    const which = (name: string) => (env['PATH'] ?? '').split(delimiter).map((d) => join(d, name)).find((p) => p !== name && existsSync(p));
    const etcd = which('etcd');
    const apiserver = which('kube-apiserver');
    if (etcd && apiserver) return { etcd, apiserver };
    missing = `etcd and kube-apiserver not found in ${join(cacheDir(env), 'kube', 'bin')} or on PATH. Build them: ${KUBE_INSTALL}, or set SWAYBOT_KUBE_BIN_DIR to a folder holding both`;
  }
  if (isCi(env)) throw new Error(`${missing}. CI runs the Kubernetes tests, so missing binaries fail the run.`);
  return { missing };
}

const warned = new Set<string>();

/** `findKube`, printing `[file] not run: reason` once when they are missing; use with `describe.runIf`. */
export function kubeFor(file: string): KubeBinaries {
  const found = findKube();
  if (found.missing !== undefined && !warned.has(file)) {
    warned.add(file);
    console.warn(`[${file}] not run: ${found.missing}`);
  }
  return found;
}

export interface RunningKube {
  /** `https://127.0.0.1:<port>`. */
  server: string;
  /** Bearer token of user `admin` in group `system:masters`. */
  token: string;
  /** Bearer token of user `nobody`, in no group: authenticated, but RBAC allows it nothing. */
  unprivilegedToken: string;
  /** The apiserver's self-signed certificate (its own CA). */
  caFile: string;
  /** A kubeconfig for that server, token and CA, namespace `default`. */
  kubeconfigPath: string;
  dir: string;
  /** Kills the apiserver, then etcd, waits for both, and removes the folder it made. */
  stop(): Promise<void>;
}

export interface KubeOptions {
  /** Folder for keys, certificates, etcd data and logs (default: a new temp folder, removed by `stop`). */
  dir?: string;
  binaries?: { etcd: string; apiserver: string };
  /** How long to wait for etcd, then the apiserver, to be ready (default 90 s in all). */
  readyTimeoutMs?: number;
}

interface Proc {
  child: ChildProcess;
  exited: Promise<void>;
  log: string;
}

function run(binary: string, args: string[], log: string): Proc {
  const out = openSync(log, 'a');
  const child = spawn(binary, args, { stdio: ['ignore', out, out] });
  closeSync(out);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { child, exited, log };
}

const gone = (p: Proc) => p.child.exitCode !== null || p.child.signalCode !== null;

async function kill(p: Proc, signal: NodeJS.Signals): Promise<void> {
  if (gone(p)) return;
  p.child.kill(signal);
  const timer = setTimeout(() => p.child.kill('SIGKILL'), 5000);
  await p.exited;
  clearTimeout(timer);
}

function tail(file: string): string {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').slice(-25).join('\n') : '(no log)';
}

/** `count` distinct free loopback ports. */
async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

/** GET over https with an optional CA and token: status and body, or undefined when it cannot connect. */
function get(url: string, options: { ca?: string; token?: string } = {}): Promise<{ status: number; body: string } | undefined> {
  return new Promise((resolve) => {
    const req = request(
      url,
      {
        method: 'GET',
        timeout: 5000,
        ...(options.ca ? { ca: options.ca } : { rejectUnauthorized: false }),
        ...(options.token ? { headers: { authorization: `Bearer ${options.token}` } } : {}),
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', () => resolve(undefined));
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
    req.end();
  });
}

async function waitFor(what: string, procs: Proc[], deadline: number, check: () => Promise<boolean>): Promise<void> {
  for (;;) {
    for (const p of procs) if (gone(p)) throw new Error(`${what}: ${p.log} says the process exited:\n${tail(p.log)}`);
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`${what}: not ready in time:\n${procs.map((p) => `${p.log}:\n${tail(p.log)}`).join('\n')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Starts etcd and kube-apiserver on free loopback ports; resolves once the apiserver serves namespace `default`. */
export async function startKube(options: KubeOptions = {}): Promise<RunningKube> {
  const found = options.binaries ?? findKube();
  if (found.etcd === undefined || found.apiserver === undefined) throw new Error('missing' in found ? found.missing : 'etcd / kube-apiserver not found');
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'swaybot-kube-'));
  const pki = join(dir, 'pki');
  mkdirSync(pki, { recursive: true });

  // The service-account signing key pair the apiserver insists on (it signs no token the tests use).
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  writeFileSync(join(pki, 'sa.pub'), publicKey);
  writeFileSync(join(pki, 'sa.key'), privateKey, { mode: 0o600 });
  const token = randomBytes(24).toString('hex');
  const unprivilegedToken = randomBytes(24).toString('hex');
  // token,user,uid,"groups"
  writeFileSync(join(pki, 'tokens.csv'), `${token},admin,admin-uid,system:masters\n${unprivilegedToken},nobody,nobody-uid\n`, { mode: 0o600 });

  const [clientPort, peerPort, apiPort] = (await freePorts(3)) as [number, number, number];
  const etcdUrl = `http://127.0.0.1:${clientPort}`;
  const peerUrl = `http://127.0.0.1:${peerPort}`;
  const deadline = Date.now() + (options.readyTimeoutMs ?? 90_000);
  const procs: Proc[] = [];
  const stopAll = async () => {
    for (const p of [...procs].reverse()) await kill(p, 'SIGKILL');
  };

  try {
    const etcd = run(
      found.etcd,
      [
        '--name=test',
        `--data-dir=${join(dir, 'etcd-data')}`,
        `--listen-client-urls=${etcdUrl}`,
        `--advertise-client-urls=${etcdUrl}`,
        `--listen-peer-urls=${peerUrl}`,
        `--initial-advertise-peer-urls=${peerUrl}`,
        `--initial-cluster=test=${peerUrl}`,
        // A throwaway store: no fsync, so a busy disk does not slow every write.
        '--unsafe-no-fsync',
        '--log-level=warn',
      ],
      join(dir, 'etcd.log'),
    );
    procs.push(etcd);
    await waitFor('etcd', [etcd], deadline, () =>
      fetch(`${etcdUrl}/health`).then(
        async (r) => r.ok && ((await r.json()) as { health?: string }).health === 'true',
        () => false,
      ),
    );

    const apiserver = run(
      found.apiserver,
      [
        `--etcd-servers=${etcdUrl}`,
        '--bind-address=127.0.0.1',
        `--secure-port=${apiPort}`,
        // Loopback only: no Service endpoints pointing at this host's real address.
        '--advertise-address=127.0.0.1',
        '--endpoint-reconciler-type=none',
        `--cert-dir=${pki}`,
        `--token-auth-file=${join(pki, 'tokens.csv')}`,
        '--authorization-mode=RBAC',
        '--service-account-issuer=https://kubernetes.default.svc',
        `--service-account-key-file=${join(pki, 'sa.pub')}`,
        `--service-account-signing-key-file=${join(pki, 'sa.key')}`,
        '--service-cluster-ip-range=10.0.0.0/24',
      ],
      join(dir, 'apiserver.log'),
    );
    procs.push(apiserver);
    const server = `https://127.0.0.1:${apiPort}`;
    const caFile = join(pki, 'apiserver.crt');
    await waitFor('kube-apiserver', procs, deadline, async () => {
      if (!existsSync(caFile)) return false;
      const ca = readFileSync(caFile, 'utf8');
      const ready = await get(`${server}/readyz`, { ca });
      if (ready?.status !== 200 || ready.body !== 'ok') return false;
      // The system namespaces are created just after the server starts; tests use `default`.
      const ns = await get(`${server}/api/v1/namespaces/default`, { ca, token });
      return ns?.status === 200;
    });

    const kubeconfigPath = join(dir, 'kubeconfig');
    writeFileSync(
      kubeconfigPath,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        `- name: local`,
        `  cluster: {server: ${JSON.stringify(server)}, certificate-authority: ${JSON.stringify(caFile)}}`,
        'users:',
        '- name: admin',
        `  user: {token: ${JSON.stringify(token)}}`,
        'contexts:',
        '- name: local',
        '  context: {cluster: local, user: admin, namespace: default}',
        'current-context: local',
        '',
      ].join('\n'),
      { mode: 0o600 },
    );

    return {
      server,
      token,
      unprivilegedToken,
      caFile,
      kubeconfigPath,
      dir,
      async stop() {
        // A throwaway cluster: no graceful shutdown (it takes ~4.5 s); apiserver first, then etcd.
        await stopAll();
        if (ownDir) rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
