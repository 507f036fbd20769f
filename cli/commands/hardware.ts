/**
 * `swaybot hardware …`: talk to the fleet's BMCs from the inventory (docs/hardware.md).
 * Add a subcommand with one `registerHardwareX(hardware)` line below.
 */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { withDrillCredentials } from '../../hardware/drill/credentials.js';
import { loadInventory, type Inventory } from '../../hardware/inventory.js';
import { cliConfig } from '../connect.js';
import { CliError } from '../errors.js';
import { registerHardwarePower } from './hardware-power.js';
import { registerHardwareStatus } from './hardware-status.js';

export function registerHardware(program: Command): void {
  const hardware = program.command('hardware').description('query the BMCs of the host inventory (IPMI and Redfish)');
  hardware.exitOverride();
  registerHardwareStatus(hardware);
  registerHardwarePower(hardware);
  for (const command of hardware.commands) command.exitOverride();
}

/** What hardware commands share: the inventory (`--inventory`, else config) and the credential environment. */
export interface HardwareContext {
  readonly inventory: Inventory;
  /** `process.env` plus the drill-only passwords for unset `SWAYBOT_DRILL_*` variables. */
  readonly env: NodeJS.ProcessEnv;
  readonly concurrency: number;
}

/** Loads the inventory; a bad file is a usage error (exit 2) listing every problem. */
export function hardwareContext(options: { inventory?: string; concurrency?: string }): HardwareContext {
  const config = cliConfig();
  const path = resolve(options.inventory ?? config.hardware.inventory);
  let inventory: Inventory;
  try {
    inventory = loadInventory(path);
  } catch (err) {
    throw new CliError((err as Error).message, 2);
  }
  let concurrency = config.hardware.concurrency;
  if (options.concurrency !== undefined) {
    concurrency = Number(options.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) {
      throw new CliError(`Unexpected --concurrency ${options.concurrency}, expected a whole number 1-256`, 2);
    }
  }
  return { inventory, env: withDrillCredentials(process.env), concurrency };
}
