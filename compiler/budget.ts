/**
 * Compiling files within a time budget: each file compiles in a worker
 * thread, and a file that takes longer than the budget gets a
 * `compile-timeout` error while the worker is stopped and a fresh one takes
 * the next file. One worker serves many files, so its start-up (loading the
 * parser) is paid once per folder, not per file.
 */
import { Worker } from 'node:worker_threads';
import { VFile } from 'vfile';
import type { CompileResult } from './compile.js';
import { reportCrash, reportTimeout } from './limits.js';
import { fromWire, type CompileReply, type CompileRequest, type WireOptions } from './wire.js';

const ENTRY = new URL('./worker-entry.js', import.meta.url);

/** One error result for `path`, made by `write`. */
function failed(path: string, write: (file: VFile) => void): CompileResult {
  const file = new VFile({ path });
  write(file);
  return { file };
}

export class BudgetedCompiler {
  readonly #budgetMs: number;
  #worker: Promise<Worker> | undefined;

  constructor(budgetMs: number) {
    this.#budgetMs = budgetMs;
  }

  /** A started worker: resolves once it has loaded the compiler, so start-up never counts against a file's budget. */
  #start(): Promise<Worker> {
    this.#worker ??= new Promise<Worker>((resolve, reject) => {
      const worker = new Worker(ENTRY);
      const onError = (error: unknown): void => {
        this.#worker = undefined;
        reject(new Error(`Cannot start the compile worker: ${error instanceof Error ? error.message : String(error)}`));
      };
      worker.once('error', onError);
      worker.once('message', () => {
        worker.off('error', onError);
        resolve(worker);
      });
    });
    return this.#worker;
  }

  #stop(worker: Worker): void {
    this.#worker = undefined;
    void worker.terminate();
  }

  /** Compiles the file at `path` (read by the worker); never rejects for what the file holds. */
  async compile(path: string, options: WireOptions): Promise<CompileResult> {
    const worker = await this.#start();
    return new Promise<CompileResult>((resolve) => {
      const done = (result: CompileResult): void => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        resolve(result);
      };
      const onMessage = (reply: CompileReply): void => {
        done('result' in reply ? fromWire(path, reply.result) : failed(path, (file) => reportCrash(file, reply.crash)));
      };
      const onError = (error: unknown): void => {
        this.#stop(worker);
        done(failed(path, (file) => reportCrash(file, error)));
      };
      const onExit = (code: number): void => {
        this.#worker = undefined;
        done(failed(path, (file) => reportCrash(file, `the compile worker exited with code ${code}`)));
      };
      const timer = setTimeout(() => {
        this.#stop(worker);
        done(failed(path, (file) => reportTimeout(file, this.#budgetMs)));
      }, this.#budgetMs);
      worker.on('message', onMessage);
      worker.once('error', onError);
      worker.once('exit', onExit);
      worker.postMessage({ path, ...options } satisfies CompileRequest);
    });
  }

  /** Stops the worker, if one is running. */
  async close(): Promise<void> {
    const worker = await this.#worker?.catch(() => undefined);
    this.#worker = undefined;
    await worker?.terminate();
  }
}
