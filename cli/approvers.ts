/** Who can approve what: used to suggest a working `--as` in hints. */
import type { Plan } from '../plan/types.js';

/**
 * The user to suggest for approving `stepId`: `me` when in one of the step's
 * approver groups, else the first member of those groups, else undefined.
 */
export function suggestApprover(plan: Plan, stepId: string, directory: Record<string, string[]>, me: string): string | undefined {
  const step = plan.steps.find((s) => s.id === stepId);
  if (!step?.approval) return undefined;
  const groups = step.approval.groups.length > 0 ? step.approval.groups : plan.approvers;
  const members = groups.flatMap((g) => directory[g] ?? []);
  if (members.includes(me)) return undefined;
  return members[0];
}

/** `suggestApprover` bound to one plan, directory and user, for hints. */
export function approverFor(plan: Plan, directory: Record<string, string[]>, me: string): (stepId: string) => string | undefined {
  return (stepId) => suggestApprover(plan, stepId, directory, me);
}

/**
 * For a step's approver groups (as its status reports them): `me` needs no
 * `--as` when a member, else the first member of those groups is suggested.
 */
export function approverFromGroups(groups: readonly string[] | undefined, directory: Record<string, string[]>, me: string): string | undefined {
  const members = (groups ?? []).flatMap((g) => directory[g] ?? []);
  return members.length === 0 || members.includes(me) ? undefined : members[0];
}
