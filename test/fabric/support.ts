import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';

/** Where fabric:up writes the connection profile (SWAYBOT_STATE_DIR, else .state). */
export const root = path.resolve(import.meta.dirname, '../..');
export const profileFile = path.join(process.env['SWAYBOT_STATE_DIR'] ?? path.join(root, '.state'), 'fabric', 'connection.json');

/** True when something accepts TCP connections on 127.0.0.1:`port` (7051: the peer). */
export const portOpen = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setTimeout(1000);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });

/**
 * Why the Fabric network tests cannot run here, or undefined when they can: the dev network
 * is up (profile written, peer listening) or Fabric's binaries exist so fabric:up can start it.
 */
export async function fabricUnavailableReason(): Promise<string | undefined> {
  if (existsSync(profileFile) && (await portOpen(7051))) return undefined;
  const found = spawnSync('bash', ['-c', 'source scripts/fabric/lib.sh && find_fabric_bin'], { cwd: root, encoding: 'utf8' });
  if (found.stdout.trim()) return undefined;
  return (
    'no Fabric dev network is up and no Fabric binaries were found (FABRIC_BIN, PATH, the swaybot cache); ' +
    'they cannot be built on this machine (the Go module proxy answers 403 for github.com/hyperledger/fabric). ' +
    'Run `npm run fabric:up` where Fabric binaries exist to run these tests (docs/fabric.md).'
  );
}

/** The processes `fabric:up` starts, each with a pid file in the state folder; `fabric:down NAME…` stops them. */
export const NETWORK_PROCESSES = ['chaincode', 'peer', 'orderer'] as const;
export type NetworkProcess = (typeof NETWORK_PROCESSES)[number];

/** How ensureNetwork looks at and drives the dev network (the scripts, or a stand-in in its own test). */
export interface NetworkControl {
  /** True when the network answers: profile written, peer listening. */
  isUp(): Promise<boolean>;
  /** Which of the network's processes are alive now (by their pid files). */
  alive(): NetworkProcess[];
  /** `fabric:up`; throws with its output when it fails. */
  up(): void;
  /** `fabric:down NAME…`: stops only these. */
  down(names: NetworkProcess[]): void;
}

/** What ensureNetwork started, and how to stop exactly that. */
export interface NetworkLease {
  started: NetworkProcess[];
  /** Stops what this lease started; a network found running is left as it was. */
  release(): void;
}

/**
 * Brings the dev network up for a test file when it is not, remembering which processes that
 * started; `release()` stops those and nothing else. A network found running is left running.
 * When `up` fails half way, what it did start is stopped before the error is thrown.
 */
export async function ensureNetwork(control: NetworkControl): Promise<NetworkLease> {
  if (await control.isUp()) return { started: [], release: () => undefined };
  const before = new Set(control.alive());
  const startedNow = (): NetworkProcess[] => control.alive().filter((p) => !before.has(p));
  try {
    control.up();
  } catch (error) {
    const started = startedNow();
    if (started.length > 0) control.down(started);
    throw error;
  }
  const started = startedNow();
  let released = false;
  return {
    started,
    release: () => {
      if (released || started.length === 0) return;
      released = true;
      control.down(started);
    },
  };
}

/** True when the process in `pidFile` is alive (the scripts' pid_alive). */
export function pidAlive(pidFile: string): boolean {
  if (!existsSync(pidFile)) return false;
  return pidAliveNumber(Number(readFileSync(pidFile, 'utf8').trim()));
}

/** True when process `pid` exists and is not a zombie waiting to be reaped (the scripts' `running`). */
export function pidAliveNumber(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true; // no /proc (not Linux), or it went away just now
  }
}

/** The real scripts/fabric/{up,down}.sh against the state folder of `profile`. */
export function scriptControl(profile = profileFile, env: NodeJS.ProcessEnv = process.env): NetworkControl {
  const state = path.dirname(profile);
  const script = (name: string, args: string[], timeout: number): void => {
    const run = spawnSync('bash', [path.join(root, 'scripts/fabric', name), ...args], { cwd: root, encoding: 'utf8', env, timeout });
    if (run.status !== 0) throw new Error(`scripts/fabric/${name} ${args.join(' ')} failed (${run.status ?? run.signal}):\n${run.stdout}\n${run.stderr}`);
  };
  return {
    isUp: async () => existsSync(profile) && (await portOpen(7051)),
    alive: () => NETWORK_PROCESSES.filter((p) => pidAlive(path.join(state, `${p}.pid`))),
    up: () => script('up.sh', [], 590_000),
    down: (names) => script('down.sh', names, 60_000),
  };
}
