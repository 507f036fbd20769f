/**
 * Drill mode for the dev stack: simulated BMCs for every host of a loopback inventory (by
 * default hardware/drill/inventory.yaml), so hardware runbooks rehearse against real protocol
 * servers. Used by `swaybot drill up` and, unless `--no-drill`, by `swaybot up`.
 */
import { resolve } from 'node:path';
import { withDrillCredentials } from '../hardware/drill/credentials.js';
import { startSimFleet, type SimFleet, type SimulatedBmc } from '../hardware/drill/fleet-sim.js';
import { loadInventory } from '../hardware/inventory.js';

/** A running drill fleet and the environment processes need to reach it. */
export interface Drill {
  /** Absolute path of the inventory the fleet simulates. */
  readonly inventoryPath: string;
  readonly bmcs: readonly SimulatedBmc[];
  /** For the worker and CLI children: the drill passwords and `SWAYBOT_HARDWARE_INVENTORY`. */
  readonly env: Readonly<Record<string, string>>;
  stop(): Promise<void>;
}

/** Starts the drill fleet for `inventoryPath`; throws a clear error when a host cannot be simulated. */
export async function startDrill(inventoryPath: string, env: NodeJS.ProcessEnv = process.env): Promise<Drill> {
  const abs = resolve(inventoryPath);
  const inventory = loadInventory(abs);
  const credentialEnv = withDrillCredentials(env);
  const fleet: SimFleet = await startSimFleet(inventory, { env: credentialEnv });
  const passed: Record<string, string> = { SWAYBOT_HARDWARE_INVENTORY: abs };
  for (const host of inventory.hosts.values()) {
    const ref = host.bmc.credentials.password;
    if ('env' in ref && credentialEnv[ref.env]) passed[ref.env] = credentialEnv[ref.env]!;
  }
  return { inventoryPath: abs, bmcs: fleet.bmcs, env: passed, stop: fleet.stop };
}

/** One line per simulated BMC: host, protocol, endpoint, pid. */
export function drillLines(drill: Drill): string[] {
  const width = Math.max(...drill.bmcs.map((b) => b.host.length));
  return drill.bmcs.map((b) => `${b.host.padEnd(width)}  ${b.protocol.padEnd(7)}  ${b.endpoint}${b.pid ? `  (pid ${b.pid})` : ''}`);
}
