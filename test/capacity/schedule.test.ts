/**
 * ensureCapacitySchedule on the real dev server: the first call creates the service's schedule
 * (overlap: skip), a second identical call leaves it unchanged, a different interval (or task
 * queue) updates it in place, and Temporal's own description shows what was asked for. The
 * schedule is deleted at the end (and, should the test fail, after it with any run it started).
 */
import { ScheduleNotFoundError, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCapacitySchedule } from '../../client/capacity.js';
import { CAPACITY_WORKFLOW, capacityScheduleId } from '../../workflows/capacity-messages.js';
import { connectTestServer, uniqueTaskQueue } from '../support/temporal.js';

const HOUR = 3_600_000;

describe('ensureCapacitySchedule (real dev server)', () => {
  let server: Awaited<ReturnType<typeof connectTestServer>>;
  let client: Client;
  const service = `capsched-${Math.random().toString(36).slice(2, 8)}`;
  const scheduleId = capacityScheduleId(service);
  // No worker polls these: a run the schedule starts meanwhile just waits, and is terminated after.
  const target = { taskQueue: uniqueTaskQueue('capsched-ops'), mlTaskQueue: uniqueTaskQueue('capsched-ml') };

  beforeAll(async () => {
    server = await connectTestServer();
    client = server.client;
  });

  afterAll(async () => {
    if (!client) return;
    const handle = client.schedule.getHandle(scheduleId);
    const described = await handle.describe().catch(() => undefined);
    await handle.delete().catch(() => undefined);
    const runs = [...(described?.info.runningActions ?? []), ...(described?.info.recentActions.map((a) => a.action) ?? [])];
    await Promise.all(runs.map((r) => client.workflow.getHandle(r.workflow.workflowId).terminate('test over').catch(() => undefined)));
    await server?.close();
  });

  it('creates once, leaves an identical schedule alone, and updates a changed interval or task queue', async () => {
    expect(await ensureCapacitySchedule(client, service, '1h', target)).toEqual({ scheduleId, outcome: 'created' });
    expect(await ensureCapacitySchedule(client, service, '1h', target)).toEqual({ scheduleId, outcome: 'unchanged' });
    expect(await ensureCapacitySchedule(client, service, '60m', target)).toEqual({ scheduleId, outcome: 'unchanged' });

    const first = await client.schedule.getHandle(scheduleId).describe();
    expect(first.policies.overlap).toBe(ScheduleOverlapPolicy.SKIP);
    expect(first.spec.intervals?.map((i) => i.every)).toEqual([HOUR]);
    expect(first.action).toMatchObject({ type: 'startWorkflow', workflowType: CAPACITY_WORKFLOW, taskQueue: target.taskQueue, args: [{ service, mlTaskQueue: target.mlTaskQueue }] });

    expect(await ensureCapacitySchedule(client, service, '2h', target)).toEqual({ scheduleId, outcome: 'updated' });
    expect(await ensureCapacitySchedule(client, service, '2h', target)).toEqual({ scheduleId, outcome: 'unchanged' });
    const updated = await client.schedule.getHandle(scheduleId).describe();
    expect(updated.spec.intervals?.map((i) => i.every)).toEqual([2 * HOUR]);
    expect(updated.policies.overlap).toBe(ScheduleOverlapPolicy.SKIP);
    expect(updated.action).toMatchObject({ taskQueue: target.taskQueue, args: [{ service, mlTaskQueue: target.mlTaskQueue }] });

    const moved = { ...target, mlTaskQueue: uniqueTaskQueue('capsched-ml2') };
    expect(await ensureCapacitySchedule(client, service, '2h', moved)).toEqual({ scheduleId, outcome: 'updated' });
    const last = await client.schedule.getHandle(scheduleId).describe();
    expect(last.action).toMatchObject({ args: [{ service, mlTaskQueue: moved.mlTaskQueue }] });
    expect(last.policies.overlap).toBe(ScheduleOverlapPolicy.SKIP);

    await client.schedule.getHandle(scheduleId).delete();
    await expect(client.schedule.getHandle(scheduleId).describe()).rejects.toBeInstanceOf(ScheduleNotFoundError);
  });
});
