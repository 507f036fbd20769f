/**
 * Validators of the incident's Updates: they run before an Update is accepted, so
 * a refused action (a stranger, a resolved incident, a step not waiting) leaves
 * nothing in history. Each refusal's failure type names why (`IncidentRefusal`).
 */
import { ApplicationFailure } from '@temporalio/workflow';
import type { IncidentAction, IncidentStatus, NoteRequest } from '../incidents/types.js';
import type { ChecklistRequest, DecisionRequest } from './messages.js';

export type IncidentRefusal =
  | 'InvalidRequest'
  | 'NotAResponder'
  | 'NotOpen'
  | 'AlreadyAcknowledged'
  | 'NoHigherTier'
  | 'NoRunbook'
  | 'NotAwaitingApproval'
  | 'NotAnApprover'
  | 'NotAwaitingChecklist';

const MAX_NOTE = 4000;

/** Everyone in any group of the directory may act on incidents; approvals need the step's groups. */
export function isResponder(directory: Record<string, string[]>, by: string): boolean {
  return Object.values(directory).some((members) => members.includes(by));
}

function who(directory: Record<string, string[]>, req: { by?: unknown } | null | undefined): string {
  if (req === null || typeof req !== 'object' || typeof req.by !== 'string' || req.by.trim() === '') throw refuse('InvalidRequest', 'An incident action needs `by`: who acts');
  if (!isResponder(directory, req.by)) throw refuse('NotAResponder', `\`${req.by}\` is not in any responder group (${Object.keys(directory).map((g) => `\`${g}\``).join(', ')})`);
  return req.by;
}

function open(s: IncidentStatus | undefined): IncidentStatus {
  if (!s) throw refuse('NotOpen', 'The incident has not opened yet');
  if (s.resolvedAt !== undefined) throw refuse('NotOpen', `Incident \`${s.id}\` is resolved (by ${s.resolvedBy ?? '?'} at ${s.resolvedAt})`);
  return s;
}

export function validateAcknowledge(s: IncidentStatus | undefined, directory: Record<string, string[]>, req: IncidentAction): void {
  who(directory, req);
  const incident = open(s);
  if (incident.acknowledgedAt !== undefined) throw refuse('AlreadyAcknowledged', `Incident \`${incident.id}\` is already acknowledged by ${incident.acknowledgedBy ?? '?'}`);
}

export function validateEscalate(s: IncidentStatus | undefined, directory: Record<string, string[]>, req: IncidentAction, rungs: number): void {
  who(directory, req);
  const incident = open(s);
  if (incident.tier + 1 >= rungs) throw refuse('NoHigherTier', `Incident \`${incident.id}\` is already at its last escalation tier`);
}

export function validateResolve(s: IncidentStatus | undefined, directory: Record<string, string[]>, req: IncidentAction): void {
  who(directory, req);
  open(s);
}

export function validateNote(s: IncidentStatus | undefined, directory: Record<string, string[]>, req: NoteRequest): void {
  who(directory, req);
  if (!s) throw refuse('NotOpen', 'The incident has not opened yet');
  if (typeof req.text !== 'string' || req.text.trim() === '') throw refuse('InvalidRequest', 'A note needs `text`');
  if (req.text.length > MAX_NOTE) throw refuse('InvalidRequest', `A note is at most ${MAX_NOTE} characters (this one has ${req.text.length})`);
}

export function validateForwardedDecision(s: IncidentStatus | undefined, directory: Record<string, string[]>, req: DecisionRequest): void {
  if (req === null || typeof req !== 'object' || (req.decision !== 'approve' && req.decision !== 'reject') || typeof req.step !== 'string') {
    throw refuse('InvalidRequest', 'A decision needs `step`, `decision` (approve or reject) and `by`');
  }
  if (typeof req.by !== 'string' || req.by.trim() === '') throw refuse('InvalidRequest', 'A decision needs `by`: who decides');
  const step = pending(s, req.step, 'awaiting-approval', 'NotAwaitingApproval', 'approval');
  const groups = step.approvers ?? [];
  if (!groups.some((g) => (directory[g] ?? []).includes(req.by))) {
    throw refuse('NotAnApprover', `\`${req.by}\` may not decide step \`${step.id}\`: not a member of ${groups.map((g) => `\`${g}\``).join(', ') || 'any approver group'}`);
  }
}

export function validateForwardedTick(s: IncidentStatus | undefined, directory: Record<string, string[]>, req: ChecklistRequest): void {
  who(directory, req);
  if (typeof req.step !== 'string') throw refuse('InvalidRequest', 'A tick needs `step`');
  pending(s, req.step, 'awaiting-checklist', 'NotAwaitingChecklist', 'checklist');
}

function pending(s: IncidentStatus | undefined, step: string, state: string, reason: IncidentRefusal, what: string) {
  const incident = open(s);
  const run = incident.runbook;
  if (!run) throw refuse('NoRunbook', `Incident \`${incident.id}\` has no runbook run`);
  const p = run.pendingStep;
  if (!p || p.id !== step || p.state !== state) {
    throw refuse(reason, `Step \`${step}\` of \`${run.id}\` is not waiting for ${what}${p ? ` (waiting: \`${p.id}\`, ${p.state})` : ''}`);
  }
  return p;
}

function refuse(reason: IncidentRefusal, message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: reason, message, nonRetryable: true });
}
