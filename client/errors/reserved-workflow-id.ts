/** A run was asked for under a workflow id swaybot keeps for its own workflows (client/workflow-ids.ts); nothing was started. */
export class ReservedWorkflowIdError extends Error {
  override name = 'ReservedWorkflowIdError';
}
