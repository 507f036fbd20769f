/**
 * Runs `swaybot` commands in this process through `runCli` (cli/program.ts), with captured
 * stdout and stderr, the test's own environment (see `cliEnv`), a fake terminal when asked,
 * and a Ctrl-C the test can press. What a spawned CLI would print, minus the process start.
 */
import { stripVTControlCharacters } from 'node:util';
import { runCli } from '../../cli/program.js';
import type { CliIO, StopSignal } from '../../cli/io.js';
import { cliEnv } from './cli.js';
import { CapturedOutput, type CliResult } from './output.js';

export interface Terminal {
  /** stderr is a terminal (live progress lines are drawn there). */
  stderrTTY?: boolean;
  columns?: number;
}

export interface InProcessRun {
  output(): string;
  /** Resolves once the combined output matches `pattern`; rejects if the command ends first. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Ctrl-C, as a terminal sends it to the command. */
  interrupt(): void;
  exited: Promise<CliResult>;
}

// picocolors decides once per process whether to colour (CI=true turns it on without a
// terminal); a spawned CLI gets NO_COLOR. Tests compare the text, so escapes are dropped,
// except on a fake terminal's stderr, where the line-redrawing escapes are what is tested.

/** Starts a command in this process; its output accumulates as it runs. */
export function startInProcess(args: readonly string[], env: NodeJS.ProcessEnv = cliEnv(), terminal: Terminal = {}): InProcessRun {
  const captured = new CapturedOutput();
  const listeners = new Set<(signal: StopSignal) => void>();
  const io: CliIO = {
    stdout: { write: (raw: string) => captured.append('out', stripVTControlCharacters(raw)) },
    stderr: {
      write: (raw: string) => captured.append('err', terminal.stderrTTY ? raw : stripVTControlCharacters(raw)),
      ...(terminal.stderrTTY ? { isTTY: true } : {}),
      ...(terminal.columns ? { columns: terminal.columns } : {}),
    },
    env,
    onStop(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    forceExit(code) {
      throw new Error(`the command asked to force the process to exit with ${code}`);
    },
  };
  const exited = runCli(args, io).then((code) => ({ code, stdout: captured.stdout, stderr: captured.stderr }));
  void exited.finally(() => captured.end());
  return {
    output: () => captured.output(),
    waitFor: (pattern, timeoutMs) => captured.waitFor(pattern, timeoutMs),
    interrupt: () => {
      for (const listener of [...listeners]) listener('SIGINT');
    },
    exited,
  };
}

/** Runs a command in this process to completion. */
export function runInProcess(args: readonly string[], env: NodeJS.ProcessEnv = cliEnv(), terminal: Terminal = {}): Promise<CliResult> {
  return startInProcess(args, env, terminal).exited;
}
