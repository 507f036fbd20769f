/** The real process as a CliIO: what bin/swaybot.js runs the CLI with. */
import { terminalSafe } from './format/safe-text.js';
import type { CliIO, CliOutput, StopSignal } from './io.js';

/** The exit status a shell reports for a process that SIGPIPE ended (128 + 13). */
export const BROKEN_PIPE_EXIT = 141;

/**
 * A terminal stream that only lets the CLI's own escape sequences through:
 * runbooks, approvers, alerts and BMCs supply much of what is printed, and a
 * control sequence in any of it could rewrite the screen (see safe-text.ts).
 */
function guarded(stream: NodeJS.WriteStream): CliOutput {
  return {
    write: (text: string) => stream.write(typeof text === 'string' ? terminalSafe(text) : text),
    get isTTY() {
      return stream.isTTY;
    },
    get columns() {
      return stream.columns;
    },
  };
}

/** stdout, stderr, `process.env` and the process's signals; what is written passes `terminalSafe`. */
export function processIO(): CliIO {
  const stopListeners = new Set<(signal: StopSignal) => void>();
  let readerGone = false;
  // With `… | head`, the reader can go away first: writes then fail with EPIPE. Node ignores
  // SIGPIPE, so without this a command would crash on an unhandled 'error' event, or keep
  // working for nobody. Do what SIGPIPE does to any Unix tool: end quietly with 141. A command
  // that holds something to stop (`up`'s stack, `drill up`'s BMCs, a follower) gets a stop
  // request instead and ends on its own, with the same exit status.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE' || readerGone) return;
    readerGone = true;
    process.on('exit', () => {
      process.exitCode = BROKEN_PIPE_EXIT;
    });
    if (stopListeners.size === 0) process.exit(BROKEN_PIPE_EXIT);
    for (const listener of [...stopListeners]) listener('SIGTERM');
  });
  // A closed stderr leaves nowhere to report anything; the command's stdout may still be read.
  process.stderr.on('error', () => undefined);
  return {
    stdout: guarded(process.stdout),
    stderr: guarded(process.stderr),
    env: process.env,
    onStop(listener) {
      const signals: StopSignal[] = ['SIGINT', 'SIGTERM'];
      for (const signal of signals) process.on(signal, listener);
      stopListeners.add(listener);
      return () => {
        for (const signal of signals) process.off(signal, listener);
        stopListeners.delete(listener);
      };
    },
    forceExit: (code) => process.exit(code),
  };
}
