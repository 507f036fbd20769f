/**
 * The runbook interpreter: walks a compiled plan step by step, with approval
 * gates (updates + timed conditions), manual checklists, and a saga of
 * compensations run newest-first when a step fails or the run is cancelled.
 *
 * Outcome: success returns a `RunbookResult`; a failed run compensates and then
 * throws a non-retryable `ApplicationFailure` of type `RunbookFailed` whose
 * details hold the final `RunbookStatus`, so the Web UI shows it as Failed; a
 * cancelled run compensates and ends Cancelled.
 */
import {
  ApplicationFailure,
  CancellationScope,
  allHandlersFinished,
  condition,
  isCancellation,
  patched,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { Duration } from '../plan/types.js';
import { asDuration, runAction } from './actions.js';
import { DeadlineExceeded, describeFailure } from './failures.js';
import { LedgerRecorder } from './ledger-events.js';
import { Lifecycle } from './lifecycle.js';
import { Approvers } from './approvers.js';
import { decide, refreshDirectory, status, tick, type RunbookInput, type RunbookResult } from './messages.js';
import { resolveParams } from './params.js';
import { notifyingParent } from './parent-progress.js';
import { makePublisher } from './publish.js';
import { RunTracker } from './run-state.js';
import { executeStep, type Compensation, type Interpreter } from './steps.js';
import { validateDecision, validateTick } from './validators.js';

/**
 * The patch of "who may approve": the directory from the worker's configuration, signed identities,
 * separation of duties and gated actions enforced here. Runs without its marker keep the old rules.
 */
export const WHO_MAY_APPROVE = 'who-may-approve';

/** Runs the plan in `input`; see the module comment for the outcome of a failed or cancelled run. */
export async function runbookWorkflow(input: RunbookInput): Promise<RunbookResult> {
  const { plan } = input;
  const info = workflowInfo();
  const run = new RunTracker(plan);
  // A run an incident started tells it how it is doing; the incident writes its own ledger events.
  const parent = input.parent ? notifyingParent(makePublisher(plan, run), run, input.parent.workflowId) : undefined;
  const publish = parent?.publish ?? makePublisher(plan, run);
  const incidentEvents = input.parent ? undefined : input.incident;
  // Runs that started before ledger recording existed replay without it.
  const ledger = patched('ledger-recording')
    ? new LedgerRecorder({ runbookId: plan.id, title: plan.title, workflowId: info.workflowId, runId: info.runId }, run, incidentEvents, publish)
    : undefined;
  const lifecycle = new Lifecycle(run, publish, ledger);
  // Who may approve (approvals/): runs recorded before it replay as they ran, with their starter's snapshot.
  const enforced = patched(WHO_MAY_APPROVE);
  const approvers = new Approvers(enforced, input.directory);
  const x: Interpreter = {
    plan, run, scope: {}, decisions: new Map(), compensations: [], lifecycle,
    ...(enforced ? { gates: { approvedHosts: new Set<string>() }, approvers } : {}),
  };

  setHandler(status, () => run.status);
  setHandler(
    decide,
    (req) => {
      const step = run.step(req.step);
      const proven = enforced ? approvers.identity(req) : undefined;
      step.decision = {
        decision: req.decision,
        by: req.by,
        ...(req.reason ? { reason: req.reason } : {}),
        ...(proven ? { identity: proven.identity, ...(proven.key !== undefined ? { key: proven.key } : {}) } : {}),
      };
      x.decisions.set(req.step, req);
      lifecycle.acted(req.by);
      return step;
    },
    {
      validator: (req) => {
        validateDecision(plan, approvers.directory.groups, run, req);
        if (enforced) approvers.check(plan, req);
      },
    },
  );
  if (enforced) setHandler(refreshDirectory, () => approvers.refresh());
  setHandler(
    tick,
    (req) => {
      const step = run.step(req.step);
      for (const item of step.checklist ?? []) {
        if (!item.done && (req.item === undefined || item.id === req.item)) Object.assign(item, { done: true, by: req.by });
      }
      lifecycle.acted(req.by);
      return step;
    },
    { validator: (req) => validateTick(plan, run, req) },
  );

  lifecycle.run('started');

  const params = resolveParams(plan.params, input.params ?? {});
  if (params.problems.length > 0) {
    const message = `Invalid parameters for runbook \`${plan.id}\`:\n  ${params.problems.join('\n  ')}`;
    return fail(message, 'InvalidParams');
  }
  x.scope = {
    params: params.values,
    incident: input.incident ?? {},
    run: { workflowId: info.workflowId, runId: info.runId, runbookId: plan.id },
  };
  publish();
  if (enforced) {
    // From the worker's configuration, never the starter's input: without it nobody could be checked.
    try {
      await approvers.load();
    } catch (err) {
      return fail(`Cannot read the approver directory from the worker: ${describeFailure(err)}`, 'DirectoryUnavailable');
    }
    approvers.identifyStarter(plan, input.startedBy);
  }

  try {
    await withDeadline(plan.timeout, async () => {
      for (const step of plan.steps) await executeStep(step, x);
    });
  } catch (err) {
    const cancelled = isCancellation(err) && CancellationScope.current().consideredCancelled;
    const message = describeFailure(err);
    const current = run.status.currentStep;
    if (current) {
      const error = cancelled ? 'cancelled' : message;
      lifecycle.step(run.step(current), 'failed', { status: { error }, ledger: { error } });
    }
    await compensate(x);
    if (cancelled) {
      lifecycle.run('cancelled');
      await CancellationScope.nonCancellable(async () => {
        await ledger?.drain();
        await parent?.drain();
        await condition(allHandlersFinished);
      });
      throw err;
    }
    return fail(`Step \`${run.status.currentStep ?? '?'}\` failed: ${message}`, 'RunbookFailed');
  }

  lifecycle.run('succeeded');
  await ledger?.drain();
  await parent?.drain();
  await condition(allHandlersFinished);
  const { ledgerErrors, ledgerError } = run.status;
  return {
    state: 'succeeded',
    outputs: run.status.outputs,
    steps: run.status.steps,
    ...(ledgerErrors !== undefined ? { ledgerErrors } : {}),
    ...(ledgerError !== undefined ? { ledgerError } : {}),
  };

  async function fail(message: string, type: string): Promise<never> {
    lifecycle.run('failed', message);
    await CancellationScope.nonCancellable(async () => {
      await ledger?.drain();
      await parent?.drain();
      await condition(allHandlersFinished);
    });
    throw ApplicationFailure.create({ message, type, nonRetryable: true, details: [run.status] });
  }
}

/** Runs the saga newest-first; cancellation of the workflow does not stop it. */
async function compensate(x: Interpreter): Promise<void> {
  if (x.compensations.length === 0) return;
  x.lifecycle.run('compensating');
  const pending: Compensation[] = [...x.compensations].reverse();
  await CancellationScope.nonCancellable(async () => {
    for (const c of pending) {
      if (c.refused !== undefined) {
        x.lifecycle.step({ id: c.stepId, title: c.title }, 'compensation_failed', { status: { error: `compensation failed: ${c.refused}` }, ledger: { error: c.refused } });
        continue;
      }
      try {
        await runAction(c.call, c.args, { summary: `Undo: ${c.title}`, id: `${c.stepId}.undo` });
        x.lifecycle.step({ id: c.stepId, title: c.title }, 'compensated');
      } catch (err) {
        const error = describeFailure(err);
        // An undo that did not happen is exactly what an audit must show.
        x.lifecycle.step({ id: c.stepId, title: c.title }, 'compensation_failed', { status: { error: `compensation failed: ${error}` }, ledger: { error } });
      }
    }
  });
}

/** Runs `fn`, cancelling it when the plan's overall deadline passes. */
async function withDeadline(timeout: Duration | undefined, fn: () => Promise<void>): Promise<void> {
  if (timeout === undefined) return fn();
  const work = new CancellationScope();
  const timer = new CancellationScope();
  let expired = false;
  void timer
    .run(() => sleep(asDuration(timeout), { summary: 'Runbook deadline' }))
    .then(
      () => {
        expired = true;
        work.cancel();
      },
      () => undefined,
    );
  try {
    await work.run(fn);
  } catch (err) {
    if (expired && isCancellation(err)) throw new DeadlineExceeded(`runbook deadline of ${String(timeout)} passed`);
    throw err;
  } finally {
    timer.cancel();
  }
}
