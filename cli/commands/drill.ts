/** `swaybot drill up`: run simulated BMCs for a loopback inventory until Ctrl-C (docs/hardware.md, drill mode). */
import type { Command } from 'commander';
import pc from 'picocolors';
import { relative } from 'node:path';
import { cliConfig } from '../connect.js';
import { CliError } from '../errors.js';

interface DrillUpOptions {
  inventory?: string;
}

export function registerDrill(program: Command): void {
  const drill = program.command('drill').description('rehearse against simulated BMCs (ipmi_sim, sushy-emulator) on loopback');
  drill.exitOverride();
  drill
    .command('up')
    .description('start one simulated BMC per inventory host and keep them up until Ctrl-C')
    .option('--inventory <file>', 'loopback inventory to simulate (default: hardware.inventory, hardware/drill/inventory.yaml)')
    .action(async (options: DrillUpOptions) => {
      process.exitCode = await drillUp(options);
    });
  for (const command of drill.commands) command.exitOverride();
}

async function drillUp(options: DrillUpOptions): Promise<number> {
  const { startDrill, drillLines } = await import('../../devstack/drill.js');
  const path = options.inventory ?? cliConfig().hardware.inventory;
  let wake: () => void = () => undefined;
  const stopSignal = new Promise<void>((r) => (wake = r));
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (!stopping) console.log(`\n${pc.cyan('→')} ${signal}: stopping the simulated BMCs`);
    stopping = true;
    wake();
  };
  // Installed before starting so Ctrl-C during startup still stops what already runs.
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    console.log(`${pc.cyan('→')} starting simulated BMCs for ${path}`);
    let drill;
    try {
      drill = await startDrill(path);
    } catch (err) {
      throw new CliError((err as Error).message);
    }
    try {
      for (const line of drillLines(drill)) console.log(`   ${line}`);
      const inv = relative(process.cwd(), drill.inventoryPath) || drill.inventoryPath;
      console.log(`${pc.green('✓')} drill fleet ready: ${drill.bmcs.length} simulated BMCs (passwords: drill-only defaults, see docs/hardware.md)`);
      console.log(`   Query it:  npx swaybot hardware status --inventory ${inv}`);
      console.log('   Ctrl-C stops them.');
      if (!stopping) await stopSignal;
    } finally {
      await drill.stop();
    }
    console.log(`${pc.green('✓')} drill stopped; no simulators left running`);
    return 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
