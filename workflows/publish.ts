/**
 * Makes the run visible in the Web UI after every state change: current
 * details (markdown progress) and the RunbookState / RunbookStep search
 * attributes, upserted only when they change so history stays small.
 */
import { setCurrentDetails, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { Plan } from '../plan/types.js';
import { renderDetails, type DetailsContext } from './details.js';
import { RunbookIdKey, RunbookStateKey, RunbookStepKey } from './messages.js';
import type { RunTracker } from './run-state.js';
import { approverGroups } from './validators.js';

/** Returns the `publish()` the interpreter calls after each change of `run`. */
export function makePublisher(plan: Plan, run: RunTracker): () => void {
  const info = workflowInfo();
  const ctx: DetailsContext = {
    workflowId: info.workflowId,
    approvers: Object.fromEntries(plan.steps.filter((s) => s.approval).map((s) => [s.id, approverGroups(plan, s)])),
  };
  // Runs started by the client helper carry RunbookId already; others (a parent workflow) get it here.
  let needsId = info.typedSearchAttributes.get(RunbookIdKey) === undefined;
  let last = '';
  return () => {
    setCurrentDetails(renderDetails(run.status, ctx));
    const state = run.searchState();
    const step = run.status.currentStep ?? null;
    const key = `${state}\u0000${step ?? ''}`;
    if (key === last) return;
    last = key;
    upsertSearchAttributes([
      ...(needsId ? [{ key: RunbookIdKey, value: plan.id }] : []),
      { key: RunbookStateKey, value: state },
      { key: RunbookStepKey, value: step },
    ]);
    needsId = false;
  };
}
