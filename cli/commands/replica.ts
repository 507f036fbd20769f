/**
 * `swaybot replica model|print|status|cancel`: scale replicas of servers (docs/printing.md).
 * `model` works offline (inventory → STL and preview PNG); `print` runs the printing workflow
 * (model, checks, preview, slicing, OctoPrint) and follows it; `status` shows a run or lists them.
 */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import type { ModelOptions, PrintOptions } from './replica-actions.js';

export function registerReplica(program: Command, ctx: CliContext): void {
  const replica = program.command('replica').description('model servers as scale replicas and print them on a real 3D printer');
  replica.exitOverride();
  replica
    .command('model')
    .description("write a host's scale replica as a binary STL (checked: one closed, manifold solid of the right size) and a preview PNG")
    .argument('<host>', 'a host of the hardware inventory with a `chassis` block')
    .option('-o, --out <file.stl>', 'the STL to write (default <host>.stl)')
    .option('--png <file.png>', 'the preview to write (default <host>.png)')
    .option('--scale <ratio>', 'model scale: 0.1 is 1:10 (default config printing.scale)')
    .option('--inventory <file>', 'the inventory (default config hardware.inventory)')
    .addHelpText(
      'after',
      `
Works offline: the inventory's chassis data (units, depth, driveBays, psus, assetTag) gives the
model; nothing is sliced or printed. A host the inventory cannot model is reported with the
field and file:line to fix.

Examples:
  swaybot replica model drill-web-01
  swaybot replica model drill-db-01 -o db.stl --png db.png --scale 0.05`,
    )
    .action(async (host: string, options: ModelOptions) => {
      const { modelAction } = await import('./replica-actions.js');
      await modelAction(host, options, ctx);
    });
  replica
    .command('print')
    .description("print a host's replica, or a whole rack's (--rack), through the printing workflow; follows it to the end")
    .argument('[host]', 'a host of the hardware inventory')
    .option('--rack <rack>', 'every host of this rack, packed onto build plates')
    .option('--scale <ratio>', 'model scale (default config printing.scale)')
    .option('--no-follow', 'start it and return; `swaybot replica status` shows it')
    .action(async (host: string | undefined, options: PrintOptions) => {
      const { printAction } = await import('./replica-actions.js');
      await printAction(host, options, ctx);
    });
  replica
    .command('status')
    .description('a printing run: its stage, plates, progress and files; without an id, the recent runs')
    .argument('[workflowId]', 'replica-<host> or replica-rack-<rack>')
    .action(async (id: string | undefined) => {
      const { statusAction } = await import('./replica-actions.js');
      await statusAction(id, ctx);
    });
  replica
    .command('cancel')
    .description('cancel a printing run; a print in progress is cancelled on the printer')
    .argument('<workflowId>', 'replica-<host> or replica-rack-<rack>')
    .action(async (id: string) => {
      const { cancelAction } = await import('./replica-actions.js');
      await cancelAction(id, ctx);
    });
}
