/**
 * Starts one simulated BMC per inventory host, on the address and port the inventory names:
 * `ipmi_sim` for IPMI hosts, `sushy-emulator --fake` (one system, named after the host) for
 * Redfish hosts. Each simulator accepts the password the host's credential reference resolves
 * to, so the fleet answers exactly like the inventory describes it. Loopback hosts only.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { resolveCredentials } from '../../hardware/credentials.js';
import type { Host, Inventory } from '../../hardware/inventory.js';
import { mapPool } from '../../hardware/pool.js';
import { startIpmiSim } from '../sim/ipmi-sim.js';
import { startSushy } from '../sim/sushy.js';
import { portInUse } from './ports.js';

const run = promisify(execFile);
const LOOPBACK = new Set(['127.0.0.1', 'localhost']);

/** One running simulated BMC. */
export interface SimulatedBmc {
  readonly host: string;
  readonly protocol: 'ipmi' | 'redfish';
  /** `udp 127.0.0.1:16231` or `http://127.0.0.1:16241`. */
  readonly endpoint: string;
  readonly pid: number | undefined;
}

/** The running fleet; `stop()` stops every simulator and deletes their folders (idempotent). */
export interface SimFleet {
  readonly bmcs: readonly SimulatedBmc[];
  stop(): Promise<void>;
}

/** A host the drill cannot simulate, or a port already taken; the message says which and why. */
export class DrillError extends Error {
  override name = 'DrillError';
}

/** Checks every host can be simulated here: loopback address, explicit port, port free. */
export async function checkDrillInventory(inventory: Inventory): Promise<void> {
  const problems: string[] = [];
  for (const h of inventory.hosts.values()) {
    if (!LOOPBACK.has(h.bmc.address)) problems.push(`${h.name}: address ${h.bmc.address} is not 127.0.0.1 (drill mode only simulates loopback BMCs)`);
    else if (h.bmc.port === undefined) problems.push(`${h.name}: needs an explicit bmc.port (drill BMCs share 127.0.0.1)`);
    else if (await portInUse(h.bmc.protocol === 'ipmi' ? 'udp' : 'tcp', h.bmc.port)) {
      problems.push(`${h.name}: ${h.bmc.protocol === 'ipmi' ? 'UDP' : 'TCP'} port ${h.bmc.port} is in use (another drill running?)`);
    }
  }
  if (problems.length > 0) throw new DrillError(`Cannot start the drill fleet from ${inventory.path}:\n  ${problems.join('\n  ')}`);
}

/**
 * Starts the whole fleet (a few at a time: each simulator takes a CPU-heavy second to start).
 * If any fails to start, the ones already running are stopped and the error is thrown.
 */
export async function startSimFleet(inventory: Inventory, options: { env?: NodeJS.ProcessEnv; concurrency?: number } = {}): Promise<SimFleet> {
  await checkDrillInventory(inventory);
  const stops: (() => Promise<void>)[] = [];
  let stopped: Promise<void> | undefined;
  const stop = () => (stopped ??= Promise.all(stops.map((s) => s().catch(() => undefined))).then(() => undefined));
  try {
    const bmcs = await mapPool([...inventory.hosts.values()], options.concurrency ?? 4, async (host) => {
      const { bmc, dispose } = await startOne(host, options.env ?? process.env);
      stops.push(dispose);
      return bmc;
    });
    return { bmcs, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function startOne(host: Host, env: NodeJS.ProcessEnv): Promise<{ bmc: SimulatedBmc; dispose: () => Promise<void> }> {
  const { username, password } = resolveCredentials(host, env);
  const port = host.bmc.port!;
  if (host.bmc.protocol === 'ipmi') {
    const serial = serialOf(host.name);
    const sim = await startIpmiSim({
      port, username, password: password.reveal(),
      fru: { productManufacturer: ascii(host.vendor), productName: ascii(host.model), productSerial: serial, boardSerial: serial, productAssetTag: ascii(host.name) },
    });
    return { bmc: { host: host.name, protocol: 'ipmi', endpoint: `udp 127.0.0.1:${port}`, pid: sim.pid }, dispose: sim.dispose };
  }
  // https hosts get a throwaway self-signed certificate (clients need tls.verify: false or its CA).
  const certDir = host.bmc.scheme === 'http' ? undefined : await selfSignedCert(host.name);
  const sushy = await startSushy({
    port, username, password: password.reveal(),
    systems: [{ uuid: uuidOf(host.name), name: host.name, powerState: 'On' }],
    ...(certDir ? { tls: { cert: join(certDir, 'cert.pem'), key: join(certDir, 'key.pem') } } : {}),
  });
  const dispose = async () => {
    await sushy.dispose();
    if (certDir) await rm(certDir, { recursive: true, force: true });
  };
  return { bmc: { host: host.name, protocol: 'redfish', endpoint: sushy.baseUrl, pid: sushy.pid }, dispose };
}

/** Writes `cert.pem` and `key.pem` for 127.0.0.1 into a fresh temp folder (openssl). */
export async function selfSignedCert(name: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'swaybot-cert-'));
  await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', `/CN=${name}`,
    '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')]);
  return dir;
}

// Stable per host, so a restarted drill shows the same identities.
function uuidOf(name: string): string {
  const h = createHash('sha256').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
function serialOf(name: string): string {
  return `DRL${createHash('sha256').update(name).digest('hex').slice(0, 7).toUpperCase()}`;
}
function ascii(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?').slice(0, 63);
}
