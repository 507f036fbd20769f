/**
 * One ops worker on a fresh task queue for the CLI tests of a file: started before
 * its tests, drained after. The SDK runtime logs errors only.
 */
import { afterAll, beforeAll } from 'vitest';
import { DefaultLogger, Runtime, type Worker } from '@temporalio/worker';
import { testConfig } from '../support-interpreter/test-config.js';
import { createOpsWorker } from '../../workers/ops-worker.js';
import { connectTestServer, uniqueTaskQueue } from '../support/temporal.js';
import { runInProcess } from './in-process.js';

try {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
} catch {
  // Another module in this process installed the runtime first.
}

/** Registers the hooks that run a worker on a new task queue named after `prefix`; returns the queue name. */
export function useOpsWorker(prefix: string): { taskQueue: string } {
  const taskQueue = uniqueTaskQueue(prefix);
  let server: Awaited<ReturnType<typeof connectTestServer>> | undefined;
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  beforeAll(async () => {
    server = await connectTestServer();
    const quiet = { debug() {}, info() {}, warn() {}, error() {} };
    worker = await createOpsWorker({ connection: server.nativeConnection, namespace: server.namespace, taskQueue, config: testConfig(), logger: quiet });
    running = worker.run();
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await server?.close();
  });
  return { taskQueue };
}

/** Starts `file` as run `id` through the CLI and waits (up to a minute) until it awaits an approval. */
export async function startAtGate(file: string, id: string, env: NodeJS.ProcessEnv): Promise<void> {
  const started = await runInProcess(['runbook', 'run', file, '--id', id], env);
  if (started.code !== 0) throw new Error(`runbook run ${file} failed (${started.code}):\n${started.stdout}${started.stderr}`);
  for (const deadline = Date.now() + 60_000; ; ) {
    const status = await runInProcess(['runbook', 'status', id, '--format', 'json'], env);
    if (status.stdout.includes('"awaiting-approval"')) return;
    if (Date.now() > deadline) throw new Error(`run ${id} never reached its approval gate:\n${status.stdout}${status.stderr}`);
  }
}
