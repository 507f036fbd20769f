/** What the `swaybot hardware …` commands share: the inventory, its credentials and the concurrency. */
import { resolve } from 'node:path';
import { drillCredentialsFor } from '../../devstack/drill/drill-file.js';
import { loadInventory, type Inventory } from '../../hardware/inventory.js';
import { cliConfig } from '../connect.js';
import { CliError } from '../errors.js';

/** What hardware commands share: the inventory (`--inventory`, else config) and the credential environment. */
export interface HardwareContext {
  readonly inventory: Inventory;
  /** The command's environment, plus the drill's passwords when a running drill (`swaybot up`, `drill up`) simulates this inventory. */
  readonly env: NodeJS.ProcessEnv;
  /** True when those drill passwords were found. */
  readonly drill: boolean;
  readonly concurrency: number;
}

/** Loads the inventory; a bad file is a usage error (exit 2) listing every problem. */
export function hardwareContext(options: { inventory?: string; concurrency?: string }, env: NodeJS.ProcessEnv): HardwareContext {
  const config = cliConfig(env);
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
  // The simulators accept what the drill recorded, so its values win for that inventory only.
  const drill = drillCredentialsFor(config.stateDir, path);
  return { inventory, env: drill ? { ...env, ...drill } : env, drill: drill !== undefined, concurrency };
}
