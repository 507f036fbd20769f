/**
 * Client helpers for runbook runs: start one with its Web UI summary, details
 * and search attributes, and send decisions, ticks and status queries. The CLI
 * and the Slack app call these.
 */
import { WorkflowUpdateFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import type { Plan } from '../plan/types.js';
import type { runbookWorkflow } from '../workflows/runbook.js';
import {
  decide,
  RUNBOOK_WORKFLOW,
  RunbookIdKey,
  RunbookStateKey,
  status,
  tick as tickUpdate,
  type RunbookInput,
  type RunbookStatus,
  type StepStatus,
} from '../workflows/messages.js';
import { resolveParams } from '../workflows/params.js';
import { runDetails, runSummary } from './details.js';
import { InvalidParamsError } from './errors/invalid-params.js';
import { UpdateRejectedError } from './errors/update-rejected.js';

export type RunbookHandle = WorkflowHandle<typeof runbookWorkflow>;

export interface StartRunbookOptions {
  plan: Plan;
  params?: Record<string, string | number | boolean>;
  incident?: Record<string, unknown>;
  taskQueue: string;
  /** Approver directory (group → members), usually `config.groups`. */
  directory: Record<string, string[]>;
  /** Default: `runbook-<plan id>-<time><random>`. */
  workflowId?: string;
}

/** Starts a run; throws `InvalidParamsError` listing every bad parameter before anything starts. */
export async function startRunbook(client: Client, options: StartRunbookOptions): Promise<RunbookHandle> {
  const { plan } = options;
  const params = options.params ?? {};
  const { problems } = resolveParams(plan.params, params);
  if (problems.length > 0) throw new InvalidParamsError(plan.id, problems);
  const input: RunbookInput = {
    plan,
    params,
    directory: options.directory,
    ...(options.incident ? { incident: options.incident } : {}),
  };
  return client.workflow.start<typeof runbookWorkflow>(RUNBOOK_WORKFLOW, {
    args: [input],
    taskQueue: options.taskQueue,
    workflowId: options.workflowId ?? runbookWorkflowId(plan.id),
    staticSummary: runSummary(plan),
    staticDetails: runDetails(plan, params),
    // RunbookState starts as `running`, so the workflow writes search attributes only when it changes.
    typedSearchAttributes: [
      { key: RunbookIdKey, value: plan.id },
      { key: RunbookStateKey, value: 'running' },
    ],
    // The incident id lets `runbook list` name it without reading the run's input.
    memo: { planHash: plan.hash, ...(typeof options.incident?.['id'] === 'string' ? { incident: options.incident['id'] } : {}) },
  });
}

/** A fresh, time-ordered workflow id for a run of `runbookId`. */
export function runbookWorkflowId(runbookId: string): string {
  const random = Math.random().toString(36).slice(2, 6).padEnd(4, '0');
  return `runbook-${runbookId}-${Date.now().toString(36)}${random}`;
}

/** Approves the gate of `step`; `UpdateRejectedError` when the workflow refuses (not waiting, not an approver). */
export function approve(client: Client, workflowId: string, step: string, by: string, reason?: string): Promise<StepStatus> {
  return send(() =>
    client.workflow.getHandle(workflowId).executeUpdate(decide, { args: [{ step, decision: 'approve', by, ...(reason ? { reason } : {}) }] }),
  );
}

/** Rejects the gate of `step`; what follows is the step's `onReject`. */
export function reject(client: Client, workflowId: string, step: string, by: string, reason?: string): Promise<StepStatus> {
  return send(() =>
    client.workflow.getHandle(workflowId).executeUpdate(decide, { args: [{ step, decision: 'reject', by, ...(reason ? { reason } : {}) }] }),
  );
}

/** Ticks checklist item `item` of `step`, or every open item when `item` is undefined. */
export function tick(client: Client, workflowId: string, step: string, item: string | undefined, by: string): Promise<StepStatus> {
  return send(() =>
    client.workflow.getHandle(workflowId).executeUpdate(tickUpdate, { args: [{ step, by, ...(item !== undefined ? { item } : {}) }] }),
  );
}

/** The run's status as the workflow sees it now (needs a running worker, like any query). */
export function getStatus(client: Client, workflowId: string): Promise<RunbookStatus> {
  return client.workflow.getHandle(workflowId).query(status);
}

async function send<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError) {
      const cause = err.cause instanceof Error ? err.cause.message : err.message;
      throw new UpdateRejectedError(cause, { cause: err });
    }
    throw err;
  }
}

export { InvalidParamsError, UpdateRejectedError };
