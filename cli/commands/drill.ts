/** `swaybot drill up`: run simulated BMCs for a loopback inventory until Ctrl-C (docs/hardware.md, drill mode). */
import type { Command } from 'commander';
import pc from 'picocolors';
import { relative } from 'node:path';
import { cliConfig } from '../connect.js';
import type { CliContext } from '../context.js';
import { CliError } from '../errors.js';

interface DrillUpOptions {
  inventory?: string;
}

export function registerDrill(program: Command, ctx: CliContext): void {
  const drill = program.command('drill').description('rehearse against simulated BMCs (ipmi_sim, sushy-emulator) on loopback');
  drill.exitOverride();
  drill
    .command('up')
    .description('start one simulated BMC per inventory host and keep them up until Ctrl-C')
    .option('--inventory <file>', 'loopback inventory to simulate (default: hardware.inventory, devstack/drill/inventory.yaml)')
    .action(async (options: DrillUpOptions) => {
      ctx.exitCode = await drillUp(options, ctx);
    });
  for (const command of drill.commands) command.exitOverride();
}

async function drillUp(options: DrillUpOptions, ctx: CliContext): Promise<number> {
  const { startDrill, drillLines } = await import('../../devstack/drill/index.js');
  const config = cliConfig(ctx.io.env);
  const path = options.inventory ?? config.hardware.inventory;
  let wake: () => void = () => undefined;
  const stopSignal = new Promise<void>((r) => (wake = r));
  let stopping = false;
  const onSignal = (signal: string) => {
    if (!stopping) ctx.print(`\n${pc.cyan('→')} ${signal}: stopping the simulated BMCs`);
    stopping = true;
    wake();
  };
  // Installed before starting so Ctrl-C during startup still stops what already runs.
  const unsubscribe = ctx.io.onStop(onSignal);
  try {
    ctx.print(`${pc.cyan('→')} starting simulated BMCs for ${path}`);
    let drill;
    try {
      drill = await startDrill(path, { stateDir: config.stateDir });
    } catch (err) {
      throw new CliError((err as Error).message);
    }
    try {
      for (const line of drillLines(drill)) ctx.print(`   ${line}`);
      const inv = relative(process.cwd(), drill.inventoryPath) || drill.inventoryPath;
      ctx.print(`${pc.green('✓')} drill fleet ready: ${drill.bmcs.length} simulated BMCs (passwords: drill-only defaults, see docs/hardware.md)`);
      ctx.print(`   Query it:  npx swaybot hardware status --inventory ${inv}`);
      ctx.print('   Ctrl-C stops them.');
      if (!stopping) await stopSignal;
    } finally {
      await drill.stop();
    }
    ctx.print(`${pc.green('✓')} drill stopped; no simulators left running`);
    return 0;
  } finally {
    unsubscribe();
  }
}
