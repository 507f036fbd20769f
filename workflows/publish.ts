/**
 * Makes the run visible in the Web UI after every state change: current
 * details (markdown progress, in worker memory, free) and the RunbookState /
 * RunbookStep search attributes.
 *
 * Search attributes cost a history event and a visibility write each, so they
 * change only when the run starts or stops waiting: RunbookStep names the step
 * the run waits on (approval, checklist, a `wait` timer) or ended on (failed,
 * cancelled), and is empty while the run is moving through quick action steps.
 * The live current step is always in the status query and in current details.
 * RunbookLedgerErrors is set only when ledger writes failed for good.
 */
import { patched, setCurrentDetails, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { Plan } from '../plan/types.js';
import { renderDetails, type DetailsContext } from './details.js';
import { RunbookIdKey, RunbookLedgerErrorsKey, RunbookStateKey, RunbookStepKey } from './messages.js';
import type { RunTracker } from './run-state.js';
import { approverGroups } from './validators.js';

const LEDGER_ERRORS_PATCH = 'runbook-ledger-errors-search-attribute';

/** Returns the `publish()` the interpreter calls after each change of `run`. */
export function makePublisher(plan: Plan, run: RunTracker): () => void {
  const info = workflowInfo();
  const ctx: DetailsContext = {
    workflowId: info.workflowId,
    approvers: Object.fromEntries(plan.steps.filter((s) => s.approval).map((s) => [s.id, approverGroups(plan, s)])),
  };
  // Runs started by the client helper carry RunbookId and RunbookState=running; others (a parent workflow) get them here.
  let needsId = info.typedSearchAttributes.get(RunbookIdKey) === undefined;
  let last = info.typedSearchAttributes.get(RunbookStateKey) === 'running' ? keyOf('running', null) : '';
  let ledgerErrors = 0;
  return () => {
    setCurrentDetails(renderDetails(run.status, ctx));
    // Failed ledger writes are findable: `RunbookLedgerErrors > 0` (rare, so one write each time it rises).
    const errors = run.status.ledgerErrors ?? 0;
    if (errors > ledgerErrors && patched(LEDGER_ERRORS_PATCH)) {
      ledgerErrors = errors;
      upsertSearchAttributes([{ key: RunbookLedgerErrorsKey, value: errors }]);
    }
    const state = run.searchState();
    const step = searchStep(state, run.status.currentStep, plan);
    const key = keyOf(state, step);
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

/** The step worth a visibility write: one the run waits on or ended on. */
function searchStep(state: string, current: string | undefined, plan: Plan): string | null {
  if (current === undefined || state === 'succeeded') return null;
  if (state !== 'running') return current;
  const step = plan.steps.find((s) => s.id === current);
  return step?.kind === 'action' && step.runner.kind === 'timer' ? current : null;
}

function keyOf(state: string, step: string | null): string {
  return `${state}\u0000${step ?? ''}`;
}
