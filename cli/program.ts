/**
 * The `swaybot` program: `buildProgram` wires every command to a context, `runCli`
 * runs one command line and returns its exit code (it never exits the process).
 * Exit codes: 0 ok, 1 failure (runbook errors, a failed run, a refused decision),
 * 2 bad usage or configuration, 130 stopped with Ctrl-C, 141 stdout's reader went away (`| head`;
 * only from bin/swaybot.js, see process-io.ts).
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import pc from 'picocolors';
import { registerAlert } from './commands/alert.js';
import { registerCancel } from './commands/cancel.js';
import { registerCapacity } from './commands/capacity.js';
import { registerCheck } from './commands/check.js';
import { registerConfig } from './commands/config.js';
import { registerDecide } from './commands/decide.js';
import { registerDrill } from './commands/drill.js';
import { registerGraph } from './commands/graph.js';
import { registerHardware } from './commands/hardware.js';
import { registerIncident } from './commands/incident.js';
import { registerLedger } from './commands/ledger.js';
import { registerList } from './commands/list.js';
import { registerPlan } from './commands/plan.js';
import { registerReplica } from './commands/replica.js';
import { registerRun } from './commands/run.js';
import { registerStatus } from './commands/status.js';
import { registerTelemetry } from './commands/telemetry.js';
import { registerTick } from './commands/tick.js';
import { registerUp } from './commands/up.js';
import { createContext, type CliContext } from './context.js';
import { isCliError } from './errors.js';
import type { CliIO } from './io.js';
import type { GlobalOptions } from './options.js';

/** The commander program with every command, writing through `ctx.io`. */
export function buildProgram(ctx: CliContext): Command {
  const { stdout, stderr } = ctx.io;
  const program = new Command('swaybot')
    .description('Operations runbooks as durable Temporal workflows')
    .option('--address <host:port>', 'Temporal frontend (default: TEMPORAL_ADDRESS, config, the running `swaybot up`, 127.0.0.1:7233)')
    .version(packageVersion(), '-V, --version', 'print the swaybot version')
    .showHelpAfterError('(run with --help for usage)')
    // Help and usage errors go where the command's own output goes; subcommands inherit this.
    .configureOutput({
      writeOut: (text) => void stdout.write(text),
      writeErr: (text) => void stderr.write(text),
    })
    .exitOverride();
  registerUp(program, ctx);
  const runbook = program.command('runbook').description('check, draw, run and steer runbooks');
  runbook.exitOverride();
  registerCheck(runbook, ctx);
  registerPlan(runbook, ctx);
  registerGraph(runbook, ctx);
  registerRun(runbook, ctx);
  registerDecide(runbook, ctx);
  registerTick(runbook, ctx);
  registerStatus(runbook, ctx);
  registerList(runbook, ctx);
  registerCancel(runbook, ctx);
  for (const command of runbook.commands) command.exitOverride();
  registerLedger(program, ctx);
  registerCapacity(program, ctx);
  registerReplica(program, ctx);
  registerHardware(program, ctx);
  registerDrill(program, ctx);
  registerConfig(program, ctx);
  registerIncident(program, ctx);
  registerAlert(program, ctx);
  registerTelemetry(program, ctx);
  return program;
}

/**
 * The `version` of swaybot's package.json, read when the program is built: the nearest one above
 * this file, so the sources (`cli/`) and a compiled copy (`dist/cli/`) print the same.
 */
function packageVersion(): string {
  for (const up of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(up, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'swaybot' && pkg.version) return pkg.version;
    } catch {
      // Not at this level: try the next one up.
    }
  }
  return 'unknown';
}

/**
 * Runs one command line (`argv` without node and the script, e.g. `['runbook', 'check', 'x.md']`)
 * against `io` and resolves with its exit code.
 */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  // Commands read the global options when they run, after parsing.
  const ctx = createContext(io, () => program.opts<GlobalOptions>());
  const program = buildProgram(ctx);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return ctx.exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version are "errors" to commander; usage mistakes exit 2 like other CLIs.
      return err.exitCode === 0 ? 0 : 2;
    }
    if (isCliError(err)) {
      io.stderr.write(`${pc.red('✖')} ${err.message}\n`);
      return err.exitCode;
    }
    io.stderr.write(`${pc.red('✖ swaybot failed unexpectedly:')} ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 1;
  }
}
