/**
 * `hardware power` as a run: a one-step plan built in code around the same
 * `hardware.power` action runbooks use, so it takes the host's power lock,
 * passes the approval gate (unless confirmed up front) and shows in the Web UI
 * like any other run.
 */
import type { Client } from '@temporalio/client';
import { callOf, POWER_STATES, type PowerStateName } from '../actions/index.js';
import type { Signer } from '../approvals/identity.js';
import { suggest } from '../compiler/diagnostics.js';
import { hashPlan } from '../compiler/hash.js';
import type { ActionStep, Plan } from '../plan/types.js';
import { startRunbook, type RunbookHandle } from './runbooks.js';

export interface PowerRequest {
  host: string;
  state: PowerStateName;
  /** Who asks; named in the approval prompt or the unattended reason. */
  by: string;
  /**
   * Deprecated: a step with no approval gate (`unattended`, the reason naming `by`). The
   * interpreter refuses a power change that no person approved, so such a run fails; kept so
   * callers that still pass it get that refusal rather than a silent gate.
   */
  confirmed?: boolean;
  /** Approver groups for the gate (default `sre`). */
  approvers?: string[];
  /** How long approvers have (default 30m); the run fails when nobody decides. */
  approvalTimeout?: string;
  /** How long to wait for the resulting power state (default 90s). */
  wait?: string;
}

/** A reason to refuse (`fatal`) or to warn about a power request's host before any run starts. */
export interface HostProblem {
  message: string;
  fatal: boolean;
}

/**
 * Checks `host` against the inventory's host names before a run is started, so
 * a typo is refused with the nearest name instead of a run that fails. When the
 * inventory cannot be read here, the worker (which may read another) decides:
 * that is a warning.
 */
export function hostProblem(host: string, inventory: readonly string[] | { unavailable: string }): HostProblem | undefined {
  if ('unavailable' in inventory) {
    return { fatal: false, message: `Cannot check host \`${host}\` before starting: ${inventory.unavailable}` };
  }
  if (inventory.includes(host)) return undefined;
  const [nearest] = suggest(host, inventory);
  const hint = nearest !== undefined ? ` (did you mean \`${nearest}\`?)` : '';
  return { fatal: true, message: `Unexpected host \`${host}\`, expected a host of the inventory${hint}; \`swaybot hardware status\` lists them` };
}

/** True for a state `hardware.power` accepts. */
export const isPowerState = (value: string): value is PowerStateName => (POWER_STATES as readonly string[]).includes(value);

/** The one-step plan of a power request. */
export function powerPlan(req: PowerRequest): Plan {
  const step: ActionStep = {
    id: 'power',
    title: `Power ${req.state} ${req.host}`,
    source: { line: 1, column: 1 },
    context: `Asked by ${req.by} with \`swaybot hardware power\`.`,
    commands: [],
    kind: 'action',
    ...callOf('hardware.power', { host: req.host, state: req.state, wait: req.wait ?? '90s' }),
    as: 'power',
    timeout: '3m',
    ...(req.confirmed
      ? { unattended: `confirmed on the command line by ${req.by}` }
      : {
          approval: {
            groups: req.approvers ?? ['sre'],
            timeout: req.approvalTimeout ?? '30m',
            onTimeout: 'fail' as const,
            onReject: 'fail' as const,
            prompt: `Power ${req.state} ${req.host}? (asked by ${req.by})`,
          },
        }),
  };
  const plan: Omit<Plan, 'hash'> = {
    version: 1,
    id: 'hardware-power',
    title: `Power ${req.state} ${req.host}`,
    source: 'swaybot hardware power',
    description: `Power ${req.state} ${req.host} through its BMC, asked by ${req.by}.`,
    match: {},
    params: [],
    approvers: req.approvers ?? ['sre'],
    steps: [step],
  };
  return { ...plan, hash: hashPlan(plan) };
}

/**
 * Starts the run of a power request on `taskQueue`; follow it like any runbook run. `req.by` is
 * its starter (signed by `signer` when given): they may not approve it themselves.
 */
export function startPower(
  client: Client,
  req: PowerRequest,
  options: { taskQueue: string; directory?: Record<string, string[]>; workflowId?: string; signer?: Signer },
): Promise<RunbookHandle> {
  const workflowId = options.workflowId ?? `hardware-power-${req.host}-${Date.now().toString(36)}`;
  const startedBy = { by: req.by, ...(options.signer ? { signer: options.signer } : {}) };
  return startRunbook(client, { plan: powerPlan(req), params: {}, taskQueue: options.taskQueue, startedBy, workflowId, ownId: true });
}
