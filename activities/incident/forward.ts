/**
 * `forwardToRunbook`: sends an approval or a tick the incident accepted on to its
 * runbook run (a workflow cannot send an Update to another workflow itself). A
 * refusal by the run (it moved on meanwhile) fails for good with the run's reason.
 */
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { decide, tick, type ChecklistRequest, type DecisionRequest, type StepStatus } from '../../workflows/messages.js';

export type ForwardRequest = { workflowId: string; kind: 'decide'; request: DecisionRequest } | { workflowId: string; kind: 'tick'; request: ChecklistRequest };

export function createForwarding() {
  return {
    async forwardToRunbook(forward: ForwardRequest): Promise<StepStatus> {
      const { client } = Context.current();
      const handle = client.workflow.getHandle(forward.workflowId);
      // The update id makes a retried forward the same update, not a second decision.
      const updateId = `incident-${forward.kind}-${forward.request.step}-${forward.request.by}`;
      try {
        return forward.kind === 'decide'
          ? await handle.executeUpdate(decide, { args: [forward.request], updateId })
          : await handle.executeUpdate(tick, { args: [forward.request], updateId: `${updateId}-${forward.request.item ?? 'all'}` });
      } catch (err) {
        if (err instanceof WorkflowUpdateFailedError) {
          const cause = err.cause as { message?: string; type?: string } | undefined;
          throw ApplicationFailure.create({ message: cause?.message ?? err.message, type: cause?.type ?? 'UpdateRejected', nonRetryable: true });
        }
        throw err;
      }
    },
  };
}
