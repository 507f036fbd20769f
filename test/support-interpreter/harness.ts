/**
 * Per-test harness: a connection to the shared real dev server, a unique task
 * queue and an ops worker (with the test's extra activities) for the duration
 * of one callback. The workflow bundle is built once per test file.
 */
import { bundleWorkflowCode, DefaultLogger, Runtime, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { WorkflowFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { RunbookStatus, StepState } from '../../workflows/messages.js';
import type { Config } from '../../config/schema.js';
import { testConfig } from './test-config.js';
import { createOpsWorker, WORKFLOWS_PATH } from '../../workers/ops-worker.js';
import { connectTestServer, uniqueTaskQueue } from '../support/temporal.js';
import type { ActivityLogger } from '../../activities/index.js';
import type { Ledger } from '../../ledger/index.js';
import { startRunbook, type RunbookHandle, type StartRunbookOptions } from '../../client/runbooks.js';
import { directory } from './plans.js';

// Worker state changes and expected workflow failures would drown the test output.
try {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
} catch {
  // Another module of this test process installed the runtime first; keep theirs.
}

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;

/** The interpreter's bundle, built on first use and shared by the tests of a file. */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietLogger });
  return bundle;
}

export interface Harness {
  client: Client;
  /** host:port of the test server. */
  address: string;
  taskQueue: string;
  config: Config;
  /** Starts a run of `plan` on this harness's task queue with the test directory. */
  start(options: Omit<StartRunbookOptions, 'taskQueue' | 'directory'> & { directory?: Record<string, string[]> }): Promise<RunbookHandle>;
}

export interface HarnessOptions {
  activities?: Record<string, (...args: never[]) => Promise<unknown>>;
  config?: Partial<Config>;
  logger?: ActivityLogger;
  /** The ledger to record to; default: a fresh embedded ledger in a temp folder (closed with the worker). */
  ledger?: Ledger;
}

/** Runs `fn` while an ops worker polls a fresh task queue; closes everything after. */
export async function withWorker<T>(options: HarnessOptions, fn: (h: Harness) => Promise<T>): Promise<T> {
  const server = await connectTestServer();
  const taskQueue = uniqueTaskQueue('interp');
  const config = testConfig();
  Object.assign(config, options.config ?? {});
  try {
    const worker = await createOpsWorker({
      connection: server.nativeConnection,
      namespace: server.namespace,
      taskQueue,
      config,
      workflowBundle: await workflowBundle(),
      logger: options.logger ?? silentLogger,
      ...(options.ledger ? { ledger: options.ledger } : {}),
      ...(options.activities ? { extraActivities: options.activities } : {}),
    });
    const h: Harness = {
      client: server.client,
      address: server.address,
      taskQueue,
      config,
      start: (o) => startRunbook(server.client, { directory, ...o, taskQueue }),
    };
    return await worker.runUntil(fn(h));
  } finally {
    await server.close();
  }
}

/** Polls `read` until `ok` holds (for waiting on a workflow state without fixed sleeps). */
export async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    try {
      last = await read();
      if (ok(last)) return last;
    } catch {
      // Queries fail until the first workflow task ran; keep polling.
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const silentLogger: ActivityLogger = { debug() {}, info() {}, warn() {}, error() {} };
const quietLogger = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} };

/** The `ApplicationFailure` a failed run ended with; fails the test if the run succeeded. */
export async function runFailure(handle: { result(): Promise<unknown> }): Promise<ApplicationFailure> {
  try {
    await handle.result();
  } catch (err) {
    if (err instanceof WorkflowFailedError && err.cause instanceof ApplicationFailure) return err.cause;
    throw err;
  }
  throw new Error('Expected the run to fail, but it succeeded');
}

/** The final status a failed run carries in its failure details. */
export function finalStatus(failure: ApplicationFailure): RunbookStatus {
  return failure.details?.[0] as RunbookStatus;
}

/** A predicate on the status query: step `id` is in `state`. */
export const stepIs = (id: string, state: StepState) => (s: RunbookStatus) => s.steps.find((x) => x.id === id)?.state === state;
