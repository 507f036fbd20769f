/**
 * `swaybot hardware …`: talk to the fleet's BMCs from the inventory (docs/hardware.md).
 * Add a subcommand with one `registerHardwareX(hardware, ctx)` line below; what they share is in hardware-context.ts.
 */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { registerHardwarePower } from './hardware-power.js';
import { registerHardwareStatus } from './hardware-status.js';

export function registerHardware(program: Command, ctx: CliContext): void {
  const hardware = program.command('hardware').description('query the BMCs of the host inventory (IPMI and Redfish)');
  hardware.exitOverride();
  registerHardwareStatus(hardware, ctx);
  registerHardwarePower(hardware, ctx);
  for (const command of hardware.commands) command.exitOverride();
}
