/** The real process as a CliIO: what bin/swaybot.js runs the CLI with. */
import type { CliIO, StopSignal } from './io.js';

/** stdout, stderr, `process.env` and the process's signals. */
export function processIO(): CliIO {
  // With `… | head` or `npm start | tee log`, the reader can go away first: writes then fail with
  // EPIPE. Losing the terminal must not crash a command midway (`up` still has a stack to stop).
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    onStop(listener) {
      const signals: StopSignal[] = ['SIGINT', 'SIGTERM'];
      for (const signal of signals) process.on(signal, listener);
      return () => {
        for (const signal of signals) process.off(signal, listener);
      };
    },
    forceExit: (code) => process.exit(code),
  };
}
