/**
 * Drill mode for the dev stack: simulated BMCs for every host of a loopback inventory (by
 * default devstack/drill/inventory.yaml), so hardware runbooks rehearse against real protocol
 * servers. Used by `swaybot drill up` and, unless `--no-drill`, by `swaybot up`: the only two
 * places the drill passwords come from.
 */
import { resolve } from 'node:path';
import { loadInventory } from '../../hardware/inventory.js';
import { withDrillCredentials } from './credentials.js';
import { removeDrillFile, writeDrillFile } from './drill-file.js';
import { startSimFleet, type SimFleet, type SimulatedBmc } from './fleet-sim.js';

/** A running drill fleet and the environment processes need to reach it. */
export interface Drill {
  /** Absolute path of the inventory the fleet simulates. */
  readonly inventoryPath: string;
  readonly bmcs: readonly SimulatedBmc[];
  /** For the worker `swaybot up` supervises: the drill passwords and `SWAYBOT_HARDWARE_INVENTORY`. */
  readonly env: Readonly<Record<string, string>>;
  stop(): Promise<void>;
}

export interface DrillOptions {
  /** Where to record the running drill (`drill.json`) for CLI commands; omitted: not recorded. */
  stateDir?: string;
  /** Passwords already set here win over the drill-only defaults (default `process.env`). */
  env?: NodeJS.ProcessEnv;
}

/** Starts the drill fleet for `inventoryPath`; throws a clear error when a host cannot be simulated. */
export async function startDrill(inventoryPath: string, options: DrillOptions = {}): Promise<Drill> {
  const abs = resolve(inventoryPath);
  const inventory = loadInventory(abs);
  const credentialEnv = withDrillCredentials(options.env ?? process.env);
  const fleet: SimFleet = await startSimFleet(inventory, { env: credentialEnv });
  const credentials: Record<string, string> = {};
  for (const host of inventory.hosts.values()) {
    const ref = host.bmc.credentials.password;
    if ('env' in ref && credentialEnv[ref.env]) credentials[ref.env] = credentialEnv[ref.env]!;
  }
  const { stateDir } = options;
  if (stateDir !== undefined) writeDrillFile(stateDir, { pid: process.pid, inventory: abs, credentials });
  const stop = async () => {
    // The record goes first: once the simulators are going, no command should be pointed at them.
    if (stateDir !== undefined) removeDrillFile(stateDir, process.pid);
    await fleet.stop();
  };
  return { inventoryPath: abs, bmcs: fleet.bmcs, env: { ...credentials, SWAYBOT_HARDWARE_INVENTORY: abs }, stop };
}

/** One line per simulated BMC: host, protocol, endpoint, pid. */
export function drillLines(drill: Drill): string[] {
  const width = Math.max(...drill.bmcs.map((b) => b.host.length));
  return drill.bmcs.map((b) => `${b.host.padEnd(width)}  ${b.protocol.padEnd(7)}  ${b.endpoint}${b.pid ? `  (pid ${b.pid})` : ''}`);
}
