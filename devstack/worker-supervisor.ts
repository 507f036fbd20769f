/**
 * Keeps the worker process running for the dev stack: starts it, waits for its
 * ready line, forwards its output line by line, and restarts it with backoff when
 * it crashes, giving up after `maxRestarts` crashes in a row. A clean exit (code 0,
 * the worker drained after a SIGTERM from outside) is no crash: a new worker starts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface WorkerSupervisorOptions {
  /** Program and arguments, e.g. `[process.execPath, '--import', 'tsx', 'workers/main.ts']`. */
  command: readonly [string, ...string[]];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Output line that means the worker polls (workers/main.ts prints `worker ready`). */
  readyPattern?: RegExp;
  /** Each output line of the worker, and the supervisor's own notes. */
  log: (line: string) => void;
  maxRestarts?: number;
  /** First restart delay; doubles per crash in a row, capped at 30 s. */
  backoffMs?: number;
  readyTimeoutMs?: number;
  /** Called with each new worker process id (first start and restarts). */
  onSpawn?: (pid: number) => void;
}

/** Uptime after which a crash no longer counts as "in a row". */
const STABLE_MS = 60_000;

export class WorkerSupervisor {
  readonly #options: WorkerSupervisorOptions;
  #child: ChildProcess | undefined;
  #stopping = false;
  #crashes = 0;
  #recent: string[] = [];
  #gaveUp!: (reason: string) => void;
  /** Resolves with a reason when the worker keeps crashing and the supervisor stops trying. */
  readonly gaveUp: Promise<string>;

  constructor(options: WorkerSupervisorOptions) {
    this.#options = options;
    this.gaveUp = new Promise((resolve) => (this.#gaveUp = resolve));
  }

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  /** Starts the worker and resolves once it is ready; rejects (with its last output) when the first start fails. */
  async start(): Promise<void> {
    await this.#spawn(true);
  }

  /** Stops the worker: SIGTERM (it drains and exits), SIGKILL after `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    this.#stopping = true;
    const child = this.#child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }

  #spawn(first: boolean): Promise<void> {
    const [program, ...args] = this.#options.command;
    const ready = this.#options.readyPattern ?? /worker ready/;
    // Own process group: a terminal Ctrl-C reaches the stack only, which then stops
    // the worker before the server (the worker drains against a live server).
    const child = spawn(program, args, { cwd: this.#options.cwd, env: this.#options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    this.#child = child;
    this.#recent = [];
    if (child.pid !== undefined) this.#options.onSpawn?.(child.pid);
    let readyAt: number | undefined;
    return new Promise<void>((resolve, reject) => {
      const timeout = setTimeout(() => {
        this.#options.log(`worker did not print "worker ready" within ${Math.round((this.#options.readyTimeoutMs ?? 180_000) / 1000)} s; stopping it`);
        child.kill('SIGKILL');
      }, this.#options.readyTimeoutMs ?? 180_000);
      const onLine = (line: string) => {
        this.#recent = [...this.#recent.slice(-19), line];
        this.#options.log(line);
        if (readyAt === undefined && ready.test(line)) {
          readyAt = Date.now();
          clearTimeout(timeout);
          resolve();
        }
      };
      createInterface({ input: child.stdout! }).on('line', onLine);
      createInterface({ input: child.stderr! }).on('line', onLine);
      child.once('error', (err) => this.#options.log(`worker could not start: ${err.message}`));
      child.once('exit', (code, signal) => {
        clearTimeout(timeout);
        if (this.#stopping) return resolve();
        const how = signal ? `signal ${signal}` : `code ${code}`;
        if (readyAt === undefined && first) {
          return reject(new Error(`The worker exited (${how}) before it was ready. Its last output:\n  ${this.#recent.join('\n  ')}`));
        }
        if (code === 0 && readyAt !== undefined) {
          // A clean exit after a drain (someone sent the worker SIGTERM): not a crash. A new worker
          // takes its place after the first backoff step, without counting towards giving up.
          this.#options.log(`worker stopped cleanly (code 0, e.g. SIGTERM from outside); starting a new one`);
          setTimeout(() => {
            if (this.#stopping) return;
            this.#spawn(false).catch((err: unknown) => this.#options.log(String(err)));
          }, this.#options.backoffMs ?? 1000);
          return resolve();
        }
        if (readyAt !== undefined && Date.now() - readyAt > STABLE_MS) this.#crashes = 0;
        this.#crashes++;
        const max = this.#options.maxRestarts ?? 5;
        if (this.#crashes > max) {
          this.#options.log(`worker crashed ${this.#crashes} times in a row (last: ${how}); not restarting it`);
          this.#gaveUp(`the worker crashed ${this.#crashes} times in a row (last: ${how})`);
          return resolve();
        }
        const delay = Math.min(30_000, (this.#options.backoffMs ?? 1000) * 2 ** (this.#crashes - 1));
        this.#options.log(`worker exited (${how}); restarting in ${(delay / 1000).toFixed(0)} s (attempt ${this.#crashes}/${max})`);
        setTimeout(() => {
          if (this.#stopping) return;
          this.#spawn(false).catch((err: unknown) => this.#options.log(String(err)));
        }, delay);
        resolve();
      });
    });
  }
}
