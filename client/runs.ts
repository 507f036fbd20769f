/**
 * Finding runs: every runbook run the server knows, through the search attributes the
 * interpreter keeps current (RunbookId, RunbookState, RunbookStep), with what each waits
 * for from its status query when a worker answers. Also cancelling one.
 */
import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import { RUNBOOK_WORKFLOW, RunbookIdKey, RunbookStateKey, RunbookStepKey, status as statusQuery, type RunbookStatus, type StepStatus } from '../workflows/messages.js';
import { RunNotInFlightError } from './errors/run-not-in-flight.js';

export { RunNotInFlightError };

/** The states `listRuns` filters on: the run states, the waiting ones, and how Temporal can end a run besides. */
export const LIST_STATES = ['running', 'awaiting-approval', 'awaiting-checklist', 'compensating', 'succeeded', 'failed', 'cancelled', 'terminated', 'timed-out'] as const;
export type ListState = (typeof LIST_STATES)[number];

/** Temporal's word for a closed run, by the `ExecutionStatus` of its visibility query. */
const CLOSED: Partial<Record<ListState, string>> = {
  succeeded: 'Completed',
  failed: 'Failed',
  cancelled: 'Canceled',
  terminated: 'Terminated',
  'timed-out': 'TimedOut',
};

/** Our word for a closed run, by the execution status name the client reports. */
const CLOSED_WORD: Record<string, string> = {
  COMPLETED: 'succeeded',
  FAILED: 'failed',
  CANCELLED: 'cancelled',
  TERMINATED: 'terminated',
  TIMED_OUT: 'timed-out',
  CONTINUED_AS_NEW: 'continued-as-new',
};

/**
 * One word for where a run is, the same in `list`, `status` and `--wait`: the interpreter's
 * state while it runs, else how it ended (`succeeded`, not Temporal's `completed`).
 */
export function runStateWord(executionStatus: string, runbookState?: string): string {
  if (executionStatus === 'RUNNING') return runbookState ?? 'running';
  return CLOSED_WORD[executionStatus] ?? executionStatus.toLowerCase();
}

export interface RunSummary {
  workflowId: string;
  runbookId: string;
  /** See `runStateWord`. */
  state: string;
  /** The step it waits on or ended on (`RunbookStep`). */
  step?: string;
  /** The incident id it serves, when it was started with one. */
  incident?: string;
  startTime: Date;
  inFlight: boolean;
  /** Its status query's answer, for runs in flight when a worker answered in time. */
  status?: RunbookStatus;
}

export interface ListOptions {
  state?: ListState;
  /** Only runs in flight (not closed). */
  inFlight?: boolean;
  /** At most this many, newest first (default 50). */
  limit?: number;
  /** How long to wait for each status query of a run in flight (default 3 s). */
  queryTimeoutMs?: number;
}

/** The visibility query for `options`. */
export function listQuery(options: Pick<ListOptions, 'state' | 'inFlight'>): string {
  const parts = [`WorkflowType = '${RUNBOOK_WORKFLOW}'`];
  const { state } = options;
  const closed = state === undefined ? undefined : CLOSED[state];
  if (options.inFlight || (state !== undefined && closed === undefined)) parts.push(`ExecutionStatus = 'Running'`);
  if (closed !== undefined) parts.push(`ExecutionStatus = '${closed}'`);
  else if (state !== undefined) parts.push(`${RunbookStateKey.name} = '${state}'`);
  return parts.join(' AND ');
}

/** Runbook runs, newest first, with the status of those in flight (queried in parallel). */
export async function listRuns(client: Client, options: ListOptions = {}): Promise<RunSummary[]> {
  const limit = options.limit ?? 50;
  const infos: WorkflowExecutionInfo[] = [];
  for await (const info of client.workflow.list({ query: listQuery(options), pageSize: Math.min(limit, 100) })) {
    infos.push(info);
    if (infos.length >= limit) break;
  }
  infos.sort((a, b) => b.startTime.getTime() - a.startTime.getTime());
  return Promise.all(infos.map((info) => summarise(client, info, options.queryTimeoutMs ?? 3000)));
}

/** One run by id, summarised like `listRuns` does (visibility may not list a run that just started yet). */
export async function describeRun(client: Client, workflowId: string, queryTimeoutMs = 3000): Promise<RunSummary> {
  return summarise(client, await client.workflow.getHandle(workflowId).describe(), queryTimeoutMs);
}

type ExecutionFacts = Pick<WorkflowExecutionInfo, 'workflowId' | 'status' | 'typedSearchAttributes' | 'memo' | 'startTime'>;

async function summarise(client: Client, info: ExecutionFacts, timeoutMs: number): Promise<RunSummary> {
  const attrs = info.typedSearchAttributes;
  const inFlight = info.status.name === 'RUNNING';
  const step = attrs.get(RunbookStepKey);
  const incident = info.memo?.['incident'];
  const status = inFlight ? await queryStatus(client, info.workflowId, timeoutMs) : undefined;
  return {
    workflowId: info.workflowId,
    runbookId: attrs.get(RunbookIdKey) ?? status?.runbookId ?? '?',
    // The query is live; the search attribute lags behind it by a visibility write.
    state: runStateWord(info.status.name, status ? liveState(status) : attrs.get(RunbookStateKey)),
    ...(step ? { step } : {}),
    ...(typeof incident === 'string' ? { incident } : {}),
    startTime: info.startTime,
    inFlight,
    ...(status ? { status } : {}),
  };
}

/** A run without a worker cannot answer; it still lists, from its search attributes. */
async function queryStatus(client: Client, workflowId: string, timeoutMs: number): Promise<RunbookStatus | undefined> {
  try {
    return await client.withDeadline(Date.now() + timeoutMs, () => client.workflow.getHandle(workflowId).query(statusQuery));
  } catch {
    return undefined;
  }
}

/** The step the run waits on now, if any. */
export function waitingStep(status: RunbookStatus): StepStatus | undefined {
  const current = status.currentStep === undefined ? undefined : status.steps.find((s) => s.id === status.currentStep);
  return current?.state === 'awaiting-approval' || current?.state === 'awaiting-checklist' ? current : undefined;
}

/** As `RunbookState` shows it: a waiting step wins over `running`. */
function liveState(status: RunbookStatus): string {
  return status.state === 'running' ? (waitingStep(status)?.state ?? 'running') : status.state;
}

/**
 * True when `user` can move the run on now: it waits on an approval that a group of
 * `user` (in `directory`) may decide, or on a checklist, which anyone may tick.
 */
export function waitsFor(status: RunbookStatus, user: string, directory: Record<string, string[]>): boolean {
  const step = waitingStep(status);
  if (step?.state === 'awaiting-checklist') return true;
  if (step?.state !== 'awaiting-approval' || step.decision) return false;
  return (step.approvers ?? []).some((group) => (directory[group] ?? []).includes(user));
}

/**
 * Asks a run in flight to cancel: the interpreter then fails its current step with
 * `cancelled` and runs the compensations newest first. `RunNotInFlightError` when it
 * has already closed.
 */
export async function cancelRun(client: Client, workflowId: string): Promise<void> {
  const handle = client.workflow.getHandle(workflowId);
  const description = await handle.describe();
  if (description.status.name !== 'RUNNING') {
    throw new RunNotInFlightError(workflowId, runStateWord(description.status.name, description.typedSearchAttributes.get(RunbookStateKey)));
  }
  await handle.cancel();
}
