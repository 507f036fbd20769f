import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { approve, getStatus, startRunbook } from '../../client/runbooks.js';
import { testConfig } from '../support-interpreter/test-config.js';
import { freePort } from '../../devstack/ports.js';
import { startDevServer, type DevServer } from '../../devstack/temporal-server.js';
import { createOpsWorker } from '../../workers/ops-worker.js';
import { eventually, stepIs, workflowBundle } from '../support-interpreter/harness.js';
import { activity, approval, directory, plan } from '../support-interpreter/plans.js';
import { recorder } from '../support-interpreter/recorder.js';

let server: DevServer | undefined;
let dir: string | undefined;
afterEach(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Client and worker against `address`; `stop()` shuts the worker down and closes both connections. */
async function connect(address: string, taskQueue: string, activities: Record<string, (...args: never[]) => Promise<unknown>>) {
  const connection = await Connection.connect({ address });
  const native = await NativeConnection.connect({ address });
  const client = new Client({ connection });
  const worker: Worker = await createOpsWorker({
    connection: native,
    namespace: 'default',
    taskQueue,
    config: testConfig(),
    workflowBundle: await workflowBundle(),
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    extraActivities: activities,
  });
  const running = worker.run();
  return {
    client,
    async stop() {
      worker.shutdown();
      await running;
      await native.close();
      await connection.close();
    },
  };
}

describe('durability: Temporal server restarted', () => {
  it('a run waiting for approval survives a server restart on the same SQLite file', { timeout: 180_000 }, async () => {
    dir = mkdtempSync(join(tmpdir(), 'swaybot-restart-'));
    const dbFilename = join(dir, 'temporal.db');
    const port = await freePort();
    server = await startDevServer({ dbFilename, port, uiPort: false });
    const taskQueue = 'restart-test';
    const rec = recorder();

    const before = await connect(server.address, taskQueue, rec.activities);
    const handle = await startRunbook(before.client, {
      plan: plan('restart', [activity('a', 'record', { name: 'A' }), activity('b', 'record', { name: 'B' }, { approval: approval({ timeout: '10m' }) })]),
      taskQueue,
      directory,
    });
    const workflowId = handle.workflowId;
    await eventually(() => getStatus(before.client, workflowId), stepIs('b', 'awaiting-approval'), 'b awaiting approval');
    await before.stop();
    await server.stop();

    server = await startDevServer({ dbFilename, port, uiPort: false });
    const after = await connect(server.address, taskQueue, rec.activities);
    try {
      await eventually(() => getStatus(after.client, workflowId), stepIs('b', 'awaiting-approval'), 'b still awaiting approval after restart');
      await approve(after.client, workflowId, 'b', 'alice');
      const result = await after.client.workflow.getHandle(workflowId).result();
      expect(result).toMatchObject({ state: 'succeeded' });
      expect(rec.calls).toEqual(['A', 'B']);
    } finally {
      await after.stop();
    }
  });
});
