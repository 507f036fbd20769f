/**
 * The lengths the ledger accepts for what people and starters choose (ledger/event.ts checks them
 * again): a workflow id is an event's subject, an approver or ticker is its actor. Every entrance
 * (CLI, client, Update validators, workflow start) checks these first, so no run can succeed while
 * its audit trail is refused.
 */

/** A workflow id: the subject id of a run's events (ledger limit 200), with the room an event id needs. */
export const MAX_WORKFLOW_ID = 200;
/** Who acted: an event's actor. */
export const MAX_ACTOR = 200;

/** Why a workflow id cannot be used, or undefined. */
export function workflowIdProblem(id: string): string | undefined {
  if (id.length === 0) return 'workflow id must not be empty';
  if (id.length > MAX_WORKFLOW_ID) return `workflow id is ${id.length} characters, at most ${MAX_WORKFLOW_ID} (it is the subject of the run's ledger events)`;
  return undefined;
}

/** Why a person's name cannot be recorded as who acted, or undefined. */
export function actorProblem(actor: string): string | undefined {
  if (actor.trim().length === 0) return 'who acted must not be empty';
  if (actor.length > MAX_ACTOR) return `who acted is ${actor.length} characters, at most ${MAX_ACTOR} (it is recorded in the ledger)`;
  return undefined;
}
