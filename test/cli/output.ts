/** Output of a CLI run (a child process or in this process) as it arrives, with a deadline-bound wait for a line. */

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Accumulates stdout and stderr; `waitFor` resolves on a match, rejects when the run ends first or the deadline passes. */
export class CapturedOutput {
  stdout = '';
  stderr = '';
  #combined = '';
  #done = false;
  readonly #listeners = new Set<() => void>();

  append(which: 'out' | 'err', text: string): void {
    if (which === 'out') this.stdout += text;
    else this.stderr += text;
    this.#combined += text;
    this.#notify();
  }

  /** Marks the run as over: pending waits that have not matched reject. */
  end(): void {
    this.#done = true;
    this.#notify();
  }

  output(): string {
    return this.#combined;
  }

  waitFor(pattern: RegExp, timeoutMs = 120_000): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const match = this.#combined.match(pattern);
        if (match) {
          cleanup();
          resolve(match);
        } else if (this.#done) {
          cleanup();
          reject(new Error(`CLI exited before printing ${pattern}; output:\n${this.#combined}`));
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`CLI did not print ${pattern} in time; output:\n${this.#combined}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.#listeners.delete(check);
      };
      this.#listeners.add(check);
      check();
    });
  }

  #notify(): void {
    for (const listener of [...this.#listeners]) listener();
  }
}
