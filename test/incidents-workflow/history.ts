/**
 * What an incident's workflow history holds: the Updates the server accepted, by name, and
 * whether it sits on a timer with nothing else in flight (e.g. waiting out its reopen window).
 */
import type { Client } from '@temporalio/client';
import proto from '@temporalio/proto';

const { EventType } = proto.temporal.api.enums.v1;

/** Names of the Updates accepted into `workflowId`'s history, in order (a refused Update leaves none). */
export async function acceptedUpdates(client: Client, workflowId: string): Promise<string[]> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? [])
    .filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)
    .map((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name ?? '?');
}

/** True when the last thing `workflowId` did was start a timer, and no activity is pending. */
export async function idleOnTimer(client: Client, workflowId: string): Promise<boolean> {
  const handle = client.workflow.getHandle(workflowId);
  const [history, described] = await Promise.all([handle.fetchHistory(), handle.describe()]);
  if ((described.raw.pendingActivities ?? []).length > 0) return false;
  const types = (history.events ?? []).map((e) => e.eventType);
  const lastTimer = types.lastIndexOf(EventType.EVENT_TYPE_TIMER_STARTED);
  const lastActivity = Math.max(
    types.lastIndexOf(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED),
    types.lastIndexOf(EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED),
    types.lastIndexOf(EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED),
  );
  return lastTimer > lastActivity;
}
