/**
 * The step lifecycle: `when`, the approval gate, then the step's own work
 * (action, checklist, or nothing for info sections). Throws to fail the step;
 * the caller compensates.
 */
import { patched, condition as waitUntil } from '@temporalio/workflow';
import { needsApproval } from '../approvals/gates.js';
import type { ActionCall, ActionStep, ApprovalSpec, ManualStep, Plan, Step } from '../plan/types.js';
import { asDuration, runAction } from './actions.js';
import { describeFailure, StepFailure } from './failures.js';
import { hostChangeOf } from './host-events.js';
import type { Approvers } from './approvers.js';
import type { Lifecycle } from './lifecycle.js';
import type { DecisionRequest } from './messages.js';
import type { RunTracker } from './run-state.js';
import { condition, render, TemplateError, type Scope } from './templates.js';
import { approverGroups } from './validators.js';

/** An undo action, rendered when its step succeeded, run newest-first on failure. */
export interface Compensation {
  stepId: string;
  title: string;
  call: ActionCall;
  args: unknown;
  /** Why it may not run: a gated undo that no approval of this run covers (see `Gates`). */
  refused?: string;
}

/**
 * What the interpreter enforces about gated actions (approvals/gates.ts) in runs that started on
 * code that knows it (`patched`): a gated call runs only when a person approved its step, or,
 * for an `unattended` step, when a person approved a gated change of the same host earlier in
 * this run. The plan is the starter's input, so it is never trusted to say a call needs no gate.
 */
export interface Gates {
  /** Hosts whose gated change a person approved in this run. */
  approvedHosts: Set<string>;
}

/** What the steps share with the workflow: state, template scope, decisions, the saga stack. */
export interface Interpreter {
  plan: Plan;
  run: RunTracker;
  scope: Scope;
  /** Decisions accepted by the `decide` update, by step id. */
  decisions: Map<string, DecisionRequest>;
  compensations: Compensation[];
  /** Every change of a step or the run goes through it: status, Web UI and ledger together. */
  lifecycle: Lifecycle;
  /** Gated actions are enforced here; absent when replaying a run that started before they were. */
  gates?: Gates;
  /** The worker's approver directory, read again at each gate; absent in runs from before (their starter's snapshot). */
  approvers?: Approvers;
}

/** Runs one step to its end state; throws when the step fails. */
export async function executeStep(step: Step, x: Interpreter): Promise<void> {
  x.lifecycle.step(step, 'started');
  if (step.when !== undefined && !condition(step.when, x.scope, `step \`${step.id}\` when`)) {
    x.lifecycle.step(step, 'skipped', { ledger: { reason: `condition \`${step.when}\` is false` } });
    return;
  }
  if (step.approval && !(await gate(step, step.approval, x))) {
    const reason = x.run.step(step.id).decision?.decision === 'timeout' ? 'approval timed out' : 'approval rejected';
    x.lifecycle.step(step, 'skipped', { ledger: { reason } });
    return;
  }
  if (step.kind === 'action') await act(step, x);
  else if (step.kind === 'manual') await checklist(step, x);
  x.lifecycle.step(step, 'succeeded');
}

/** Waits for a decision or the timeout; true means go on, false skip the step. */
async function gate(step: Step, approval: ApprovalSpec, x: Interpreter): Promise<boolean> {
  // Who may decide is whoever the worker's configuration says now, not when the run started.
  await x.approvers?.refresh();
  const prompt = approval.prompt !== undefined ? { prompt: promptText(approval.prompt, step, x) } : {};
  x.lifecycle.step(step, 'awaiting_approval', { status: { approvers: approverGroups(x.plan, step), ...prompt } });
  const timeout = asDuration(approval.timeout);
  await waitUntil(() => x.decisions.has(step.id), timeout, { summary: `Approval: ${step.title}` });
  // A decision accepted in the same activation as the timer still counts.
  const decision = x.decisions.get(step.id);
  if (!decision) {
    const reason = `no decision within ${String(approval.timeout)}; on timeout: ${approval.onTimeout}`;
    x.lifecycle.step(step, 'timed_out', { status: { decision: { decision: 'timeout' } }, ledger: { reason } });
    if (approval.onTimeout === 'fail') throw new StepFailure(`approval timed out after ${String(approval.timeout)}`);
    return approval.onTimeout === 'approve';
  }
  const reason = decision.reason !== undefined ? { reason: decision.reason } : {};
  // How the approver was established, and with which key, go into the ledger with the decision (runs that check it).
  const proof = x.approvers ? x.run.step(step.id).decision : undefined;
  const identity = proof?.identity !== undefined ? { identity: proof.identity, ...(proof.key !== undefined ? { key: proof.key } : {}) } : {};
  x.lifecycle.step(step, decision.decision === 'approve' ? 'approved' : 'rejected', { ledger: { actor: decision.by, ...reason, ...identity } });
  if (decision.decision === 'approve') return true;
  if (approval.onReject === 'skip') return false;
  throw new StepFailure(`rejected by ${decision.by}${decision.reason ? `: ${decision.reason}` : ''}`);
}

/** The prompt is guidance for people: when it cannot be rendered, show it raw rather than fail the step. */
function promptText(prompt: string, step: Step, x: Interpreter): string {
  try {
    const text = render(prompt, x.scope, `step \`${step.id}\` approval prompt`);
    return typeof text === 'string' ? text : JSON.stringify(text);
  } catch (err) {
    if (err instanceof TemplateError) return `${prompt} (${err.message})`;
    throw err;
  }
}

async function act(step: ActionStep, x: Interpreter): Promise<void> {
  x.lifecycle.step(step, 'running');
  const args = render(step.with, x.scope, `step \`${step.id}\` with`);
  const refused = x.gates ? authorise(step, step, args, x, x.gates) : undefined;
  if (refused !== undefined) throw new StepFailure(refused);
  // A timer is a wait: record what happened so far rather than hold it for the whole wait.
  if (step.runner.kind === 'timer') x.lifecycle.aboutToWait();
  // Runs recorded before host events existed replay without them: an extra event moves when gathered events are sent.
  const change = hostChangeOf(step, args, x.decisions.get(step.id));
  const host = change !== undefined && patched('host-events') ? change : undefined;
  const output = await runAction(step, args, { summary: step.title, id: step.id, timeout: step.timeout, retry: step.retry }).catch((err: unknown) => {
    if (host) x.lifecycle.host(step, host, { error: describeFailure(err) });
    throw err;
  });
  if (host) x.lifecycle.host(step, host, { output });
  if (step.as !== undefined) {
    x.scope[step.as] = output;
    x.lifecycle.output(step.as, output);
  }
  if (step.compensate) {
    // Rendered now, with the values this step saw and produced.
    const compArgs = render(step.compensate.with, x.scope, `step \`${step.id}\` compensate`);
    const refusedUndo = x.gates ? authorise(step, step.compensate, compArgs, x, x.gates) : undefined;
    x.compensations.push({ stepId: step.id, title: step.title, call: step.compensate, args: compArgs, ...(refusedUndo !== undefined ? { refused: refusedUndo } : {}) });
  }
}

async function checklist(step: ManualStep, x: Interpreter): Promise<void> {
  const status = x.lifecycle.step(step, 'awaiting_checklist');
  const allDone = (): boolean => (status.checklist ?? []).every((item) => item.done);
  if (step.timeout === undefined) {
    await waitUntil(allDone);
    return;
  }
  const done = await waitUntil(allDone, asDuration(step.timeout), { summary: `Checklist: ${step.title}` });
  if (!done) {
    const open = (status.checklist ?? []).filter((i) => !i.done).map((i) => i.id);
    throw new StepFailure(`checklist not done within ${String(step.timeout)} (open: ${open.join(', ')})`);
  }
}

/**
 * Why the gated `call` of `step` may not run with `args`, or undefined when it may (see `Gates`).
 * A person's approval of the step lets its calls through and counts for later unattended
 * changes of the same host.
 */
function authorise(step: ActionStep, call: ActionCall, args: unknown, x: Interpreter, gates: Gates): string | undefined {
  if (!needsApproval(call.action, args)) return undefined;
  const raw = typeof args === 'object' && args !== null ? (args as Record<string, unknown>)['host'] : undefined;
  const host = typeof raw === 'string' && raw !== '' ? raw : undefined;
  if (x.decisions.get(step.id)?.decision === 'approve') {
    if (host !== undefined) gates.approvedHosts.add(host);
    return undefined;
  }
  if (step.unattended !== undefined && host !== undefined && gates.approvedHosts.has(host)) return undefined;
  const why = step.approval
    ? 'its approval passed without a person deciding'
    : step.unattended !== undefined
      ? `it is unattended (${step.unattended}), and no approved change of ${host === undefined ? 'its host' : `\`${host}\``} came before it in this run`
      : 'the step has no approval gate';
  return `refused to run \`${call.action}\` without a person's approval in this run: ${why}`;
}
