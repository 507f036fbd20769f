/**
 * Capacity from the CLI and the Slack app: one Schedule per service (created idempotently: a
 * second call leaves it as it is, or brings its interval and task queues up to date), a run
 * started by hand, its status, and the approval Update. A refusal by the workflow's validator is
 * a `CapacityRefusedError` saying why.
 */
import ms, { type StringValue } from 'ms';
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import {
  CAPACITY_WORKFLOW,
  capacityScheduleId,
  capacityStatus,
  decidePlan,
  type CapacityInput,
  type CapacityStatus,
} from '../workflows/capacity-messages.js';

export class CapacityRefusedError extends Error {
  override name = 'CapacityRefusedError';
}

export interface CapacityTarget {
  taskQueue: string;
  mlTaskQueue: string;
}

export interface ScheduleResult {
  scheduleId: string;
  /** `created` the first time; `unchanged` or `updated` after. */
  outcome: 'created' | 'unchanged' | 'updated';
}

/** Creates the service's schedule (overlap: skip), or leaves/updates the one that exists. */
export async function ensureCapacitySchedule(client: Client, service: string, every: string, target: CapacityTarget): Promise<ScheduleResult> {
  const scheduleId = capacityScheduleId(service);
  const args: [CapacityInput] = [{ service, mlTaskQueue: target.mlTaskQueue }];
  try {
    await client.schedule.create({
      scheduleId,
      spec: { intervals: [{ every: every as `${number}h` }] },
      action: { type: 'startWorkflow', workflowType: CAPACITY_WORKFLOW, workflowId: scheduleId, taskQueue: target.taskQueue, args },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 hour' },
    });
    return { scheduleId, outcome: 'created' };
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
  const handle = client.schedule.getHandle(scheduleId);
  const described = await handle.describe();
  const action = described.action;
  const everyMs = described.spec.intervals?.[0]?.every;
  const wantMs = msOf(every);
  const same =
    action.type === 'startWorkflow' &&
    action.taskQueue === target.taskQueue &&
    JSON.stringify(action.args) === JSON.stringify(args) &&
    everyMs === wantMs &&
    (described.spec.intervals?.length ?? 0) === 1;
  if (same) return { scheduleId, outcome: 'unchanged' };
  await handle.update((prev) => ({
    ...prev,
    spec: { intervals: [{ every: wantMs }] },
    action: { type: 'startWorkflow', workflowType: CAPACITY_WORKFLOW, workflowId: scheduleId, taskQueue: target.taskQueue, args },
    policies: { ...prev.policies, overlap: ScheduleOverlapPolicy.SKIP },
  }));
  return { scheduleId, outcome: 'updated' };
}

/** Starts one capacity run now (outside the schedule); its workflow id is returned. */
export async function startCapacityRun(client: Client, service: string, target: CapacityTarget, id?: string): Promise<string> {
  const workflowId = id ?? `${capacityScheduleId(service)}-manual-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  await client.workflow.start(CAPACITY_WORKFLOW, { workflowId, taskQueue: target.taskQueue, args: [{ service, mlTaskQueue: target.mlTaskQueue }] });
  return workflowId;
}

/** The run's status: its query while it runs, its result once it ended. */
export async function getCapacityRun(client: Client, workflowId: string): Promise<CapacityStatus> {
  const handle = client.workflow.getHandle(workflowId);
  const described = await handle.describe();
  if (described.status.name === 'RUNNING') return handle.query(capacityStatus);
  return (await handle.result()) as CapacityStatus;
}

/** The newest capacity run of a service (running first), or undefined. */
export async function latestCapacityRun(client: Client, service: string): Promise<string | undefined> {
  const prefix = capacityScheduleId(service);
  for await (const w of client.workflow.list({ query: `WorkflowType = '${CAPACITY_WORKFLOW}' AND WorkflowId STARTS_WITH '${prefix.replace(/'/g, '')}'`, pageSize: 20 })) {
    return w.workflowId;
  }
  return undefined;
}

export async function decideCapacityPlan(client: Client, workflowId: string, decision: 'approve' | 'reject', by: string, reason?: string): Promise<CapacityStatus> {
  try {
    return await client.workflow.getHandle(workflowId).executeUpdate(decidePlan, { args: [{ decision, by, ...(reason ? { reason } : {}) }] });
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError) {
      let message = err.message;
      for (let e: unknown = err.cause; e instanceof Error; e = e.cause) if (e.message) message = e.message;
      throw new CapacityRefusedError(message, { cause: err });
    }
    throw err;
  }
}

function msOf(every: string): number {
  const value = ms(every as StringValue);
  if (!Number.isFinite(value)) throw new RangeError(`not a duration: ${every}`);
  return value;
}
