/** What every command gets from the program: its IO, the global options, and the exit code to end with. */
import type { CliIO } from './io.js';
import type { GlobalOptions } from './options.js';

export interface CliContext {
  readonly io: CliIO;
  /** The program's options (`--address`), as parsed when the command runs. */
  globals(): GlobalOptions;
  /** The exit code the command ends with (0 unless a command sets it), like `process.exitCode`. */
  exitCode: number;
  /** Writes `line` and a newline to stdout. */
  print(line: string): void;
}

/** A context over `io`; `globals` reads the program's options once they are parsed. */
export function createContext(io: CliIO, globals: () => GlobalOptions): CliContext {
  return {
    io,
    globals,
    exitCode: 0,
    print: (line) => void io.stdout.write(`${line}\n`),
  };
}
