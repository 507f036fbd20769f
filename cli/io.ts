/**
 * What a command may use of the world outside it. bin/swaybot.js passes the
 * real process (process-io.ts); tests pass captured streams, their own
 * environment and a fake terminal, and run commands in their own process.
 */

/** A stream a command writes to: stdout or stderr. */
export interface CliOutput {
  write(text: string): unknown;
  /** True on a terminal: live progress lines are drawn only there. */
  readonly isTTY?: boolean;
  /** Terminal width, when known. */
  readonly columns?: number;
}

export type StopSignal = 'SIGINT' | 'SIGTERM';

export interface CliIO {
  readonly stdout: CliOutput;
  readonly stderr: CliOutput;
  /** Environment the command reads its configuration, user and credentials from. */
  readonly env: NodeJS.ProcessEnv;
  /**
   * Calls `listener` on Ctrl-C (SIGINT) or SIGTERM until the returned function is called. The real
   * process also calls it (with SIGTERM) when stdout's reader goes away (`| head`), see process-io.ts.
   */
  onStop(listener: (signal: StopSignal) => void): () => void;
  /** Ends the process now, skipping cleanup: only a second Ctrl-C asks for this. */
  forceExit(code: number): never;
}
