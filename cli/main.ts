/**
 * The `swaybot` command. Run it as `npx swaybot …`, `npm run swaybot -- …`, or
 * `node --import tsx cli/main.ts …`. Exit codes: 0 ok, 1 failure (runbook errors,
 * a failed run, a refused decision), 2 bad usage or configuration.
 */
import { Command, CommanderError } from 'commander';
import pc from 'picocolors';
import { registerCheck } from './commands/check.js';
import { registerDecide } from './commands/decide.js';
import { registerDrill } from './commands/drill.js';
import { registerGraph } from './commands/graph.js';
import { registerHardware } from './commands/hardware.js';
import { registerLedger } from './commands/ledger.js';
import { registerRun } from './commands/run.js';
import { registerStatus } from './commands/status.js';
import { registerTick } from './commands/tick.js';
import { registerUp } from './commands/up.js';
import { isCliError } from './errors.js';

/** Options every command may use. */
export interface GlobalOptions {
  address?: string;
}

export function buildProgram(): Command {
  const program = new Command('swaybot')
    .description('Operations runbooks as durable Temporal workflows')
    .option('--address <host:port>', 'Temporal frontend (default: TEMPORAL_ADDRESS, config, the running `swaybot up`, 127.0.0.1:7233)')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  const globals = (): GlobalOptions => program.opts<GlobalOptions>();
  registerUp(program);
  const runbook = program.command('runbook').description('check, draw, run and steer runbooks');
  runbook.exitOverride();
  registerCheck(runbook);
  registerGraph(runbook);
  registerRun(runbook, globals);
  registerDecide(runbook, globals);
  registerTick(runbook, globals);
  registerStatus(runbook, globals);
  for (const command of runbook.commands) command.exitOverride();
  registerLedger(program);
  registerHardware(program);
  registerDrill(program);
  return program;
}

export async function main(argv: readonly string[] = process.argv): Promise<number> {
  try {
    await buildProgram().parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version are "errors" to commander; usage mistakes exit 2 like other CLIs.
      return err.exitCode === 0 ? 0 : 2;
    }
    if (isCliError(err)) {
      process.stderr.write(`${pc.red('✖')} ${err.message}\n`);
      return err.exitCode;
    }
    process.stderr.write(`${pc.red('✖ swaybot failed unexpectedly:')} ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 1;
  }
}

// Flushes stdout before exiting: piped output (tests, `| jq`) must not be cut short.
const code = await main();
process.exitCode = code;
