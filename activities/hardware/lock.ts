import { Context } from '@temporalio/activity';
import { HOST_LOCK_WORKFLOW, hostLockAcquire, hostLockWorkflowId, type LockRequest } from '../../workflows/host-lock-messages.js';

/**
 * `requestHostLock`: queues a request on the host's lock workflow, starting it if
 * it is not running (signalWithStart, which a workflow cannot do itself). The grant
 * arrives later as a signal to the requester. Safe to retry: the lock ignores a
 * token it already has.
 */
export async function requestHostLock(req: LockRequest & { host: string }): Promise<void> {
  const { client, info } = Context.current();
  await client.workflow.signalWithStart(HOST_LOCK_WORKFLOW, {
    workflowId: hostLockWorkflowId(req.host),
    taskQueue: info.taskQueue,
    args: [{ host: req.host }],
    signal: hostLockAcquire,
    signalArgs: [{ requester: req.requester, token: req.token, ...(req.purpose !== undefined ? { purpose: req.purpose } : {}) }],
    staticSummary: `Power lock of ${req.host}`,
  });
}
