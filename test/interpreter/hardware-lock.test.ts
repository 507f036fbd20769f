/**
 * The per-host lock workflow on the real dev server, driven by real runbook
 * runs powering a real ipmi_sim: a cancelled waiter leaves the queue, a holder
 * that ends without releasing is detected and skipped, and the lock continues
 * as new after its grant limit without losing count.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkflowFailedError, type Client } from '@temporalio/client';
import { CancelledFailure } from '@temporalio/common';
import { configSchema } from '../../config/schema.js';
import { startIpmiSim, type IpmiSim } from '../../devstack/sim/ipmi-sim.js';
import type { ActionStep } from '../../plan/types.js';
import {
  HOST_LOCK_WORKFLOW,
  hostLockAcquire,
  hostLockState,
  hostLockWorkflowId,
  type HostLockInput,
  type HostLockState,
} from '../../workflows/host-lock-messages.js';
import { approve, getStatus, type RunbookHandle } from '../../client/runbooks.js';
import { eventually, stepIs, withWorker, type Harness } from '../support-interpreter/harness.js';
import { activity, approval, manual, plan } from '../support-interpreter/plans.js';

const PASSWORD = `lock-Pw-${Math.random().toString(36).slice(2, 10)}`;
const HOST = `lock-sim-${Math.random().toString(36).slice(2, 7)}`;
let sim: IpmiSim;
let inventory: string;

beforeAll(async () => {
  sim = await startIpmiSim({ password: PASSWORD });
  process.env['SWAYBOT_TEST_LOCK_BMC_PASSWORD'] = PASSWORD;
  const dir = await mkdtemp(join(tmpdir(), 'swaybot-lock-'));
  inventory = join(dir, 'inventory.yaml');
  await writeFile(inventory, `hosts:\n  ${HOST}:\n    bmc: { address: 127.0.0.1, port: ${sim.port}, protocol: ipmi, credentials: { username: ${sim.username}, password: { env: SWAYBOT_TEST_LOCK_BMC_PASSWORD } } }\n    rack: r\n    position: 1\n    vendor: Sim\n    model: ipmi_sim\n`);
});

afterAll(async () => {
  await sim?.dispose();
});

/** A one-step plan powering HOST on (already on: the BMC still gets the command), behind an approval. */
const powerOn = (id: string) =>
  plan(id, [{ ...activity('power', 'hardwarePower', { host: HOST, state: 'on', wait: '20s' }), action: 'hardware.power', approval: approval() } satisfies ActionStep]);

/** Starts `powerOn(id)` and approves it: the interpreter runs no power change without a person's approval. */
async function startApproved(h: Harness, id: string): Promise<RunbookHandle> {
  const handle = await h.start({ plan: powerOn(id) });
  await eventually(() => getStatus(h.client, handle.workflowId), stepIs('power', 'awaiting-approval'), `${id} awaiting approval`);
  await approve(h.client, handle.workflowId, 'power', 'alice');
  return handle;
}

const lock = (client: Client): Promise<HostLockState> => client.workflow.getHandle(hostLockWorkflowId(HOST)).query(hostLockState);

describe('host lock', () => {
  it('drops a cancelled waiter, skips a holder that ended, and continues as new after its grant limit', async () => {
    await withWorker({ config: { hardware: { ...configSchema.parse({}).hardware, inventory } } }, async (h) => {
      // A run that never finishes holds the lock: started by hand with a 1 s liveness check and 2 grants per run.
      const holder = await h.start({ plan: plan('holder', [manual('hold', { done: 'Done' })]) });
      const input: HostLockInput = { host: HOST, maxGrantsPerRun: 2, livenessCheck: '1s' };
      const first = await h.client.workflow.signalWithStart(HOST_LOCK_WORKFLOW, {
        workflowId: hostLockWorkflowId(HOST), taskQueue: h.taskQueue, args: [input],
        signal: hostLockAcquire, signalArgs: [{ requester: holder.workflowId, token: 'held-by-test' }],
      });
      await eventually(() => lock(h.client), (s) => s.holder?.requester === holder.workflowId, 'the holder run holds the lock');

      // A waiting run that is cancelled leaves the queue, and the BMC never hears from it.
      const logBefore = (await sim.chassisLog()).length;
      const cancelled = await startApproved(h, 'cancelled');
      await eventually(() => lock(h.client), (s) => s.queue.some((r) => r.requester === cancelled.workflowId), 'the run waits in the queue');
      await cancelled.cancel();
      const err = await cancelled.result().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WorkflowFailedError);
      expect((err as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
      await eventually(() => lock(h.client), (s) => s.queue.length === 0, 'the cancelled run left the queue');
      expect((await sim.chassisLog()).slice(logBefore)).toEqual([]);

      // The holder ends without releasing: the lock notices and grants the next run.
      const next = await startApproved(h, 'next');
      await eventually(() => lock(h.client), (s) => s.queue.some((r) => r.requester === next.workflowId), 'the next run waits');
      await holder.terminate('test: holder gone');
      expect((await next.result()).outputs).toEqual({});
      expect((await sim.chassisLog()).slice(logBefore)).toEqual(['set power 1']);

      // Two grants in the first run: the lock continued as new, carrying its count and recent grants.
      const third = await startApproved(h, 'third');
      expect((await third.result()).state).toBe('succeeded');
      const state = await lock(h.client);
      expect(state.grants).toBe(3);
      expect(state.recent.map((g) => [g.requester, g.end])).toEqual([
        [holder.workflowId, 'requester-gone'],
        [next.workflowId, 'released'],
        [third.workflowId, 'released'],
      ]);
      const firstRun = h.client.workflow.getHandle(hostLockWorkflowId(HOST), first.signaledRunId);
      expect((await firstRun.describe()).status.name).toBe('CONTINUED_AS_NEW');
    });
  });
});
