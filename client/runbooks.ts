/**
 * Client helpers for runbook runs: start one with its Web UI summary, details
 * and search attributes, and send decisions, ticks and status queries. The CLI
 * and the Slack app call these.
 */
import { WorkflowUpdateFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import type { Plan } from '../plan/types.js';
import type { runbookWorkflow } from '../workflows/runbook.js';
import { decisionMessage, makeClaim, startMessage, type Signer } from '../approvals/identity.js';
import {
  decide,
  refreshDirectory,
  RUNBOOK_WORKFLOW,
  RunbookIdKey,
  RunbookStateKey,
  status,
  tick as tickUpdate,
  type DecisionRequest,
  type RunbookInput,
  type RunbookStatus,
  type StepStatus,
} from '../workflows/messages.js';
import { resolveParams } from '../workflows/params.js';
import { runDetails, runSummary } from './details.js';
import { InvalidParamsError } from './errors/invalid-params.js';
import { ReservedWorkflowIdError } from './errors/reserved-workflow-id.js';
import { UpdateRejectedError } from './errors/update-rejected.js';
import { reservedIdProblem } from './workflow-ids.js';

export type RunbookHandle = WorkflowHandle<typeof runbookWorkflow>;

export interface StartRunbookOptions {
  plan: Plan;
  params?: Record<string, string | number | boolean>;
  incident?: Record<string, unknown>;
  taskQueue: string;
  /** Ignored: runs read the approver directory from the worker's configuration, never from their starter. */
  directory?: Record<string, string[]>;
  /**
   * Who starts the run (they may not approve its destructive steps), and what signs that claim:
   * their SSH key (CLI) or the Slack app. Unsigned, it counts only where identity is asserted.
   */
  startedBy?: { by: string; signer?: Signer };
  /** Default: `runbook-<plan id>-<time><random>`. One of swaybot's own prefixes is refused (client/workflow-ids.ts). */
  workflowId?: string;
  /** Set by swaybot's own starters (`hardware power`) whose ids carry a reserved prefix on purpose. */
  ownId?: boolean;
}

/**
 * Starts a run; throws `InvalidParamsError` listing every bad parameter, or
 * `ReservedWorkflowIdError` for an id swaybot keeps for itself, before anything starts.
 */
export async function startRunbook(client: Client, options: StartRunbookOptions): Promise<RunbookHandle> {
  const { plan } = options;
  const params = options.params ?? {};
  const reserved = options.workflowId !== undefined && !options.ownId ? reservedIdProblem(options.workflowId) : undefined;
  if (reserved !== undefined) throw new ReservedWorkflowIdError(reserved);
  const { problems } = resolveParams(plan.params, params);
  if (problems.length > 0) throw new InvalidParamsError(plan.id, problems);
  const workflowId = options.workflowId ?? runbookWorkflowId(plan.id);
  const starter = options.startedBy;
  const startedBy = starter ? await makeClaim(starter.by, (at) => startMessage({ workflowId, planHash: plan.hash, by: starter.by, at }), starter.signer) : undefined;
  const input: RunbookInput = {
    plan,
    params,
    ...(startedBy ? { startedBy } : {}),
    ...(options.incident ? { incident: options.incident } : {}),
  };
  return client.workflow.start<typeof runbookWorkflow>(RUNBOOK_WORKFLOW, {
    args: [input],
    taskQueue: options.taskQueue,
    workflowId,
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

/**
 * Approves the gate of `step` as `by`, signed by `signer` when given (a decision that is not
 * signed counts only where `approvals.identity` is `asserted`); `UpdateRejectedError` when the
 * workflow refuses (not waiting, not an approver, unsigned, the run's own starter…).
 */
export function approve(client: Client, workflowId: string, step: string, by: string, reason?: string, signer?: Signer): Promise<StepStatus> {
  return decideStep(client, workflowId, step, 'approve', by, reason, signer);
}

/** Rejects the gate of `step`; what follows is the step's `onReject`. Signed as for `approve`. */
export function reject(client: Client, workflowId: string, step: string, by: string, reason?: string, signer?: Signer): Promise<StepStatus> {
  return decideStep(client, workflowId, step, 'reject', by, reason, signer);
}

/** The decision request of `by`, signed over `decisionMessage` (bound to `workflowId`) when `signer` is given. */
export async function decisionRequest(workflowId: string, step: string, decision: 'approve' | 'reject', by: string, reason?: string, signer?: Signer): Promise<DecisionRequest> {
  const claim = await makeClaim(by, (at) => decisionMessage({ workflowId, step, decision, by, reason, at }), signer);
  return { step, decision, ...(reason ? { reason } : {}), ...claim };
}

async function decideStep(client: Client, workflowId: string, step: string, decision: 'approve' | 'reject', by: string, reason?: string, signer?: Signer): Promise<StepStatus> {
  const request = await decisionRequest(workflowId, step, decision, by, reason, signer);
  return send(() => client.workflow.getHandle(workflowId).executeUpdate(decide, { args: [request] }));
}

/** Tells a run to read the approver directory from the worker's configuration again (after it changed). */
export async function refreshRunDirectory(client: Client, workflowId: string): Promise<void> {
  await client.workflow.getHandle(workflowId).signal(refreshDirectory);
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

export { InvalidParamsError, ReservedWorkflowIdError, UpdateRejectedError };
