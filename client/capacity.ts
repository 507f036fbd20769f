/**
 * Capacity from the CLI and the Slack app: one Schedule per service (created idempotently: a
 * second call leaves it as it is, or brings its interval and task queues up to date), a run
 * started by hand, its status, and the approval Update. A refusal by the workflow's validator is
 * a `CapacityRefusedError` saying why.
 */
import ms, { type StringValue } from 'ms';
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import {
  CAPACITY_RETRAIN_SCHEDULE,
  CAPACITY_RETRAIN_WORKFLOW,
  CAPACITY_WORKFLOW,
  capacityScheduleId,
  capacityStatus,
  decidePlan,
  type CapacityInput,
  type CapacityStatus,
  type RetrainInput,
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
export function ensureCapacitySchedule(client: Client, service: string, every: string, target: CapacityTarget): Promise<ScheduleResult> {
  const args: [CapacityInput] = [{ service, mlTaskQueue: target.mlTaskQueue }];
  return ensureSchedule(client, { scheduleId: capacityScheduleId(service), every, workflowType: CAPACITY_WORKFLOW, args, taskQueue: target.taskQueue });
}

/** The retraining schedule (`capacity-retrain`), created or brought up to date the same way. */
export function ensureRetrainSchedule(client: Client, every: string, target: CapacityTarget): Promise<ScheduleResult> {
  const args: [RetrainInput] = [{ mlTaskQueue: target.mlTaskQueue }];
  return ensureSchedule(client, { scheduleId: CAPACITY_RETRAIN_SCHEDULE, every, workflowType: CAPACITY_RETRAIN_WORKFLOW, args, taskQueue: target.taskQueue });
}

interface ScheduleWanted {
  scheduleId: string;
  every: string;
  workflowType: string;
  args: unknown[];
  taskQueue: string;
}

/** Idempotent create: `created`, else `unchanged` when the interval, queue and arguments match, else `updated`. */
async function ensureSchedule(client: Client, want: ScheduleWanted): Promise<ScheduleResult> {
  const { scheduleId, workflowType, args, taskQueue } = want;
  const everyMs = msOf(want.every);
  const action = { type: 'startWorkflow' as const, workflowType, workflowId: scheduleId, taskQueue, args };
  try {
    await client.schedule.create({
      scheduleId,
      spec: { intervals: [{ every: everyMs }] },
      action,
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 hour' },
    });
    return { scheduleId, outcome: 'created' };
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
  const handle = client.schedule.getHandle(scheduleId);
  const described = await handle.describe();
  const have = described.action;
  const same =
    have.type === 'startWorkflow' &&
    have.workflowType === workflowType &&
    have.taskQueue === taskQueue &&
    JSON.stringify(have.args) === JSON.stringify(args) &&
    described.spec.intervals?.length === 1 &&
    described.spec.intervals[0]!.every === everyMs &&
    described.policies.overlap === ScheduleOverlapPolicy.SKIP;
  if (same) return { scheduleId, outcome: 'unchanged' };
  await handle.update((prev) => ({ ...prev, spec: { intervals: [{ every: everyMs }] }, action, policies: { ...prev.policies, overlap: ScheduleOverlapPolicy.SKIP } }));
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
