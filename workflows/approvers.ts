/**
 * Who may approve a run's steps, workflow side: the approver directory read from the worker's
 * configuration (at start, at each gate, on `refreshDirectory`), who started the run, and the
 * checks the `decide` validator adds to validators.ts: the decision's proof of identity and
 * separation of duties. Runs recorded before this existed keep the snapshot their starter
 * passed and believe `by` (see `WHO_MAY_APPROVE` in runbook.ts).
 */
import { log, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { OpsActivities } from '../activities/index.js';
import { legacyDirectory, type ApprovalDirectory } from '../approvals/directory.js';
import { isDestructive } from '../approvals/gates.js';
import { checkClaim, decisionMessage, identityOf, startMessage, type Claim, type Proven } from '../approvals/identity.js';
import type { Plan, Step } from '../plan/types.js';
import { describeFailure } from './failures.js';
import type { DecisionRequest } from './messages.js';
import { refuse } from './validators.js';

const worker = proxyActivities<Pick<OpsActivities, 'approvalDirectory'>>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 5, initialInterval: '1 second', backoffCoefficient: 2 },
  summary: 'Read the approver directory',
});

/** Who started the run: another workflow (an incident), a person (proven or not), or nobody said. */
export type Starter =
  | { kind: 'workflow'; workflowId: string }
  | { kind: 'person'; by: string; proven?: Proven; problem?: string }
  | { kind: 'unknown' };

export class Approvers {
  /** The directory decisions are checked against. */
  directory: ApprovalDirectory;
  starter: Starter = { kind: 'unknown' };
  /** True when this run enforces identity and separation of duties (it started on code that does). */
  readonly enforced: boolean;

  constructor(enforced: boolean, legacyGroups: Record<string, string[]> | undefined) {
    this.enforced = enforced;
    this.directory = legacyDirectory(legacyGroups);
  }

  /** Reads the directory from the worker; throws when it cannot (the run cannot be approved without one). */
  async load(): Promise<void> {
    this.directory = await worker.approvalDirectory();
  }

  /** Reads it again, keeping the one it has when the worker cannot answer. */
  async refresh(): Promise<void> {
    try {
      await this.load();
    } catch (err) {
      log.warn('could not refresh the approver directory; keeping the one read before', { error: describeFailure(err) });
    }
  }

  /** Works out who started the run from the server's parent info and the (maybe signed) `startedBy` claim. */
  identifyStarter(plan: Plan, claim: Claim | undefined): void {
    const info = workflowInfo();
    if (info.parent) {
      this.starter = { kind: 'workflow', workflowId: info.parent.workflowId };
      return;
    }
    if (!claim || typeof claim.by !== 'string' || claim.by === '') {
      this.starter = { kind: 'unknown' };
      return;
    }
    const message = startMessage({ workflowId: info.workflowId, planHash: plan.hash, by: claim.by, at: String(claim.at) });
    const checked = checkClaim(this.directory, claim, [message], info.startTime.getTime());
    this.starter = checked.ok ? { kind: 'person', by: claim.by, proven: checked.proven } : { kind: 'person', by: claim.by, problem: checked.message };
    if (!checked.ok) log.warn('the run’s start claim is not proven', { by: claim.by, problem: checked.message });
  }

  /** The validator's part (after validators.ts): the decision is proven, and not the starter's own where a second person is needed. */
  check(plan: Plan, req: DecisionRequest): void {
    for (const key of ['identity', 'at', 'signature'] as const) {
      if (req[key] !== undefined && typeof req[key] !== 'string') throw refuse('InvalidRequest', `A decision's \`${key}\` must be a string`);
    }
    if (req.identity !== undefined && req.identity !== 'ssh' && req.identity !== 'slack') {
      throw refuse('InvalidRequest', `Unexpected identity ${JSON.stringify(req.identity)}, expected \`ssh\` or \`slack\``);
    }
    const checked = checkClaim(this.directory, req, this.#messages(req), Date.now());
    if (!checked.ok) throw refuse(checked.reason, `Cannot accept the decision of \`${req.by}\` on step \`${req.step}\`: ${checked.message}`);
    const step = plan.steps.find((s) => s.id === req.step);
    if (step) this.#checkSelf(step, req);
  }

  /** The proof of an accepted decision, for its record (no clock: handlers also run on replay). */
  identity(req: DecisionRequest): Proven {
    return identityOf(this.directory, req, this.#messages(req));
  }

  /** A decision is bound to this run, or (forwarded by the incident that started it) to its parent. */
  #messages(req: DecisionRequest): string[] {
    const info = workflowInfo();
    const ids = [info.workflowId, ...(info.parent ? [info.parent.workflowId] : [])];
    return ids.map((workflowId) => decisionMessage({ workflowId, step: req.step, decision: req.decision, by: req.by, reason: req.reason, at: String(req.at) }));
  }

  #checkSelf(step: Step, req: DecisionRequest): void {
    if (!needsSecondPerson(step)) return;
    const starter = this.starter;
    if (starter.kind === 'workflow') return;
    const why = destructiveAction(step) ?? 'its approval says `allowSelf: false`';
    if (starter.kind === 'unknown') {
      if (this.directory.identity === 'asserted') return;
      throw refuse('UnknownStarter', `Cannot accept a decision on step \`${step.id}\` (${why}): whoever started the run may not approve it, and this run does not say who started it; start it again with swaybot, which signs the start`);
    }
    const proven = starter.proven !== undefined && (starter.proven.identity !== 'asserted' || this.directory.identity === 'asserted');
    if (!proven) {
      throw refuse('UnknownStarter', `Cannot accept a decision on step \`${step.id}\` (${why}): whoever started the run may not approve it, and that \`${starter.by}\` started it is not proven (${starter.problem ?? 'the start was not signed'})`);
    }
    if (starter.by === req.by) {
      throw refuse('SelfApproval', `\`${req.by}\` started this run and may not approve step \`${step.id}\` (${why}): another member of its approver groups must`);
    }
  }
}

/** The destructive action a step (or its undo) calls, named for people; undefined when none. */
function destructiveAction(step: Step): string | undefined {
  if (step.kind !== 'action') return undefined;
  // Arguments as written: a templated value counts as the gated one (e.g. `clear: "{{ … }}"`).
  if (isDestructive(step.action, step.with)) return `\`${step.action}\` needs a second person`;
  if (step.compensate && isDestructive(step.compensate.action, step.compensate.with)) return `its undo \`${step.compensate.action}\` needs a second person`;
  return undefined;
}

/** True when whoever started the run may not decide the step's gate: destructive actions always, others when `allowSelf: false`. */
export function needsSecondPerson(step: Step): boolean {
  return destructiveAction(step) !== undefined || step.approval?.allowSelf === false;
}
