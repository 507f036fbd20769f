/**
 * Which steps change a host, and what their ledger events say (`host.*` about `host:<name>`,
 * events/vocabulary.ts): the host, what was asked, who approved it or why nobody had to, and
 * the outcome. Only host names, states and people go in, never a BMC address or credential.
 */
import { SWAYBOT, type HostEvent } from '../events/vocabulary.js';
import type { ActionStep } from '../plan/types.js';
import type { DecisionRequest } from './messages.js';

/** A host change a step is about to make; `events` names the event of each outcome. */
export interface HostChange {
  host: string;
  events: { done: HostEvent; failed: HostEvent };
  /** Who made it happen: the approver, else swaybot. */
  actor: string;
  /** The action, what was asked of it, and how it was authorised. */
  details: Record<string, string | boolean>;
}

/** How the step's action ended: its output, or the failure in one line. */
export type HostOutcome = { output: unknown } | { error: string };

/** The ledger's limit on a subject id: a longer name is the activity's to reject, not an event. */
const MAX_HOST = 200;

/**
 * The host change of an action step with its rendered `args`, or undefined when the step
 * changes no host: power changes, and reading the BMC event log with `clear` (the same rule
 * that gates it: anything but false asks to clear). `decision` is the step's approval, if any.
 */
export function hostChangeOf(step: ActionStep, args: unknown, decision: DecisionRequest | undefined): HostChange | undefined {
  const a = (typeof args === 'object' && args !== null ? args : {}) as Record<string, unknown>;
  const host = a['host'];
  if (typeof host !== 'string' || host === '' || host.length > MAX_HOST) return undefined;
  let asked: Record<string, string | boolean>;
  let events: HostChange['events'];
  if (step.action === 'hardware.power') {
    asked = { state: String(a['state']) };
    events = { done: 'power.changed', failed: 'power.failed' };
  } else if (step.action === 'hardware.events' && a['clear'] !== undefined && a['clear'] !== false) {
    asked = { clear: true };
    events = { done: 'eventlog.cleared', failed: 'eventlog.clear_failed' };
  } else {
    return undefined;
  }
  const approved = decision?.decision === 'approve' ? decision : undefined;
  const authorised: Record<string, string | boolean> = approved
    ? { approvedBy: approved.by, ...(approved.reason !== undefined ? { approvalReason: approved.reason } : {}) }
    : step.approval?.onTimeout === 'approve'
      ? { approvedOnTimeout: true }
      : step.unattended !== undefined
        ? { unattended: step.unattended }
        : {};
  return { host, events, actor: approved?.by ?? SWAYBOT, details: { action: step.action, ...asked, ...authorised } };
}

/** The facts of an outcome: a power change's states before and after, a cleared log's entry count, or the error. */
export function outcomeFacts(outcome: HostOutcome): Record<string, string | number> {
  if ('error' in outcome) return { error: outcome.error };
  const out = (typeof outcome.output === 'object' && outcome.output !== null ? outcome.output : {}) as Record<string, unknown>;
  const facts: Record<string, string | number> = {};
  for (const key of ['before', 'after'] as const) if (typeof out[key] === 'string') facts[key] = out[key];
  if (Array.isArray(out['events'])) facts['entries'] = out['events'].length;
  return facts;
}
