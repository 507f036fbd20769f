/** `swaybot hardware status`: power and sensor health of every host (or one rack), queried in parallel. */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { CliError } from '../errors.js';
import { formatFleet, progressLine } from '../format/hardware.js';
import { hardwareContext } from './hardware-context.js';

interface StatusOptions {
  rack?: string;
  format: string;
  inventory?: string;
  concurrency?: string;
  timeout?: string;
  connectTimeout?: string;
}

export function registerHardwareStatus(hardware: Command, cli: CliContext): void {
  hardware
    .command('status')
    .description('power state and sensor health of each host; exit 1 if any host failed')
    .option('--rack <rack>', 'only the hosts in this rack')
    .option('--format <format>', 'text or json', 'text')
    .option('--inventory <file>', 'inventory YAML (default: hardware.inventory from the configuration)')
    .option('--concurrency <n>', 'BMCs queried at once (default: hardware.concurrency, 16)')
    .option('--timeout <seconds>', 'per-request timeout', '10')
    .option('--connect-timeout <seconds>', 'give up on a BMC that does not answer at all after about this long', '2')
    .action(async (options: StatusOptions) => {
      if (options.format !== 'text' && options.format !== 'json') throw new CliError(`Unexpected --format ${options.format}, expected text or json`, 2);
      const timeoutS = Number(options.timeout);
      if (!Number.isFinite(timeoutS) || timeoutS <= 0) throw new CliError(`Unexpected --timeout ${options.timeout}, expected seconds > 0`, 2);
      const connectS = Number(options.connectTimeout);
      if (!Number.isFinite(connectS) || connectS <= 0) throw new CliError(`Unexpected --connect-timeout ${options.connectTimeout}, expected seconds > 0`, 2);
      const ctx = hardwareContext(options, cli.io.env);
      const { stdout, stderr } = cli.io;
      // Loaded on use: the BMC clients (and undici) stay out of every other command's startup.
      const { answered, fleetStatus, selectHosts } = await import('../../hardware/fleet.js');
      const hosts = selectHosts(ctx.inventory, options.rack);
      if (hosts.length === 0) {
        const racks = [...new Set([...ctx.inventory.hosts.values()].map((h) => h.rack))].sort().join(', ') || '(none)';
        throw new CliError(options.rack ? `No hosts in rack "${options.rack}"; racks: ${racks}` : `No hosts in ${ctx.inventory.path}`, 2);
      }
      const started = Date.now();
      // Progress goes to stderr so stdout stays clean for `--format json | jq`.
      const live = stderr.isTTY === true;
      let lastLine = started;
      let spoke = 0;
      const rows = await fleetStatus(ctx.inventory, {
        ...(options.rack ? { rack: options.rack } : {}),
        concurrency: ctx.concurrency,
        timeoutMs: timeoutS * 1000,
        // A dead BMC costs this, not the whole per-request timeout: the fleet being down is the case people ask about.
        connectTimeoutMs: Math.min(connectS, timeoutS) * 1000,
        env: ctx.env,
        onResult: (row, done, total) => {
          if (answered(row)) spoke++;
          if (live) stderr.write(`\r${progressLine(done, total, spoke, Date.now() - started)}`);
          else if (Date.now() - lastLine > 2000 && done < total) {
            lastLine = Date.now();
            stderr.write(`${progressLine(done, total, spoke, Date.now() - started)}\n`);
          }
        },
      });
      if (live) stderr.write('\r\x1b[K');
      const ms = Date.now() - started;
      const failed = rows.filter((r) => !r.ok).length;
      if (options.format === 'json') {
        const summary = { total: rows.length, ok: rows.length - failed, failed, answered: spoke, ms };
        stdout.write(JSON.stringify({ inventory: ctx.inventory.path, rack: options.rack ?? null, summary, hosts: rows }, null, 2) + '\n');
      } else {
        stdout.write(formatFleet(rows, ms) + '\n');
      }
      // Every loopback BMC silent: most likely the drill fleet is not running.
      const loopback = rows.every((r) => /^(127\.0\.0\.1|localhost)(:|$)/.test(r.bmc));
      if (failed === rows.length && loopback && rows.every((r) => r.error?.kind === 'unreachable' || r.error?.kind === 'timeout')) {
        stderr.write('No simulated BMC answered: start the drill fleet with `npm start` or `npx swaybot drill up`.\n');
      }
      // Drill passwords come only from a running drill of this inventory (docs/hardware.md).
      const drillVars = [...new Set(rows.flatMap((r) => (r.error?.kind === 'credentials' ? (r.error.message.match(/SWAYBOT_DRILL_\w+/g) ?? []) : [])))];
      if (!ctx.drill && drillVars.length > 0) {
        stderr.write(`${drillVars.join(', ')}: given only by a running drill of ${ctx.inventory.path}. Start it with \`npm start\` or \`npx swaybot drill up\` (same state folder), then ask again.\n`);
      }
      cli.exitCode = failed > 0 ? 1 : 0;
    });
}
