/**
 * Update validators: they run before an update is accepted, so a refused
 * decision or tick leaves nothing in history and the run keeps waiting. Pure:
 * they only read the plan, the directory snapshot and the run state.
 */
import { ApplicationFailure } from '@temporalio/workflow';
import type { Plan, Step } from '../plan/types.js';
import type { ChecklistRequest, DecisionRequest } from './messages.js';
import type { RunTracker } from './run-state.js';

/**
 * Why a decision or tick was refused: the failure type the caller receives, so each refusal can
 * get its own message and hint (client/errors/update-rejected.ts, cli/commands/send-error.ts).
 */
export type RefusalReason =
  | 'InvalidRequest'
  | 'UnknownStep'
  | 'NotAwaitingApproval'
  | 'AlreadyDecided'
  | 'NotAnApprover'
  | 'NoApprovers'
  | 'Unsigned'
  | 'BadSignature'
  | 'StaleSignature'
  | 'SelfApproval'
  | 'UnknownStarter'
  | 'NotManualStep'
  | 'NotAwaitingChecklist'
  | 'NoOpenItem'
  | 'UnknownItem'
  | 'ItemDone';

/** The groups whose members may decide a step's approval gate. */
export function approverGroups(plan: Plan, step: Step): string[] {
  const groups = step.approval?.groups ?? [];
  return groups.length > 0 ? groups : plan.approvers;
}

/** Throws unless `req` decides a step that is awaiting approval, by a member of an allowed group. */
export function validateDecision(plan: Plan, directory: Record<string, string[]>, run: RunTracker, req: DecisionRequest): void {
  if (req === null || typeof req !== 'object') throw refuse('InvalidRequest', 'A decision needs `step`, `decision` and `by`');
  if (req.decision !== 'approve' && req.decision !== 'reject') {
    throw refuse('InvalidRequest', `Unexpected decision ${JSON.stringify(req.decision)}, expected \`approve\` or \`reject\``);
  }
  if (typeof req.by !== 'string' || req.by.trim() === '') throw refuse('InvalidRequest', 'A decision needs `by`: who decides');
  const step = findStep(plan, req.step);
  const decided = run.step(step.id).decision;
  // Checked before the state: a decided step has moved on, and "already decided" is the useful answer.
  if (decided) {
    throw refuse('AlreadyDecided', `Step \`${step.id}\` is already decided (${decided.decision}${decided.by ? ` by ${decided.by}` : ''})`);
  }
  const state = run.step(step.id).state;
  if (state !== 'awaiting-approval') {
    const why = step.approval ? `it is ${state}` : `it has no approval gate; it is ${state}`;
    throw refuse('NotAwaitingApproval', `Step \`${step.id}\` is not awaiting approval (${why})`);
  }
  const groups = approverGroups(plan, step);
  if (!groups.some((g) => (directory[g] ?? []).length > 0)) {
    const why = Object.keys(directory).length === 0
      ? 'the approver directory has no groups at all (`groups` of the worker\'s configuration is empty)'
      : `${groups.map((g) => `\`${g}\``).join(', ') || 'its approver group'} has no members in the approver directory (\`groups\` of the worker's configuration)`;
    throw refuse('NoApprovers', `Nobody may decide step \`${step.id}\`: ${why}; add the approvers there and restart the worker`);
  }
  const allowed = groups.some((g) => (directory[g] ?? []).includes(req.by));
  if (!allowed) {
    throw refuse('NotAnApprover', `\`${req.by}\` may not decide step \`${step.id}\`: not a member of ${groups.map((g) => `\`${g}\``).join(', ') || 'any approver group'}`);
  }
}

/** Throws unless `req` ticks an open item (or, without `item`, any open item) of a step awaiting its checklist. */
export function validateTick(plan: Plan, run: RunTracker, req: ChecklistRequest): void {
  if (req === null || typeof req !== 'object') throw refuse('InvalidRequest', 'A tick needs `step` and `by`');
  if (typeof req.by !== 'string' || req.by.trim() === '') throw refuse('InvalidRequest', 'A tick needs `by`: who ticks');
  const step = findStep(plan, req.step);
  if (step.kind !== 'manual') throw refuse('NotManualStep', `Step \`${step.id}\` is not a manual step; it has no checklist`);
  const status = run.step(step.id);
  if (status.state !== 'awaiting-checklist') {
    throw refuse('NotAwaitingChecklist', `Step \`${step.id}\` is not waiting for its checklist (it is ${status.state})`);
  }
  const items = status.checklist ?? [];
  if (req.item === undefined) {
    if (!items.some((i) => !i.done)) throw refuse('NoOpenItem', `Step \`${step.id}\` has no open item`);
    return;
  }
  const item = items.find((i) => i.id === req.item);
  if (!item) {
    throw refuse('UnknownItem', `Step \`${step.id}\` has no item \`${req.item}\` (items: ${items.map((i) => i.id).join(', ')})`);
  }
  if (item.done) throw refuse('ItemDone', `Item \`${item.id}\` of step \`${step.id}\` is already done${item.by ? ` (by ${item.by})` : ''}`);
}

function findStep(plan: Plan, id: unknown): Step {
  const step = plan.steps.find((s) => s.id === id);
  if (!step) {
    throw refuse('UnknownStep', `Unknown step ${JSON.stringify(id)}; steps: ${plan.steps.map((s) => s.id).join(', ')}`);
  }
  return step;
}

/** A refusal whose failure type is its reason; retrying the same update cannot succeed. */
export function refuse(reason: RefusalReason, message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: reason, message, nonRetryable: true });
}
