/**
 * The requester side of the per-host lock, used by the interpreter around
 * `hardware.power` only: ask (an activity that signalWithStarts the lock
 * workflow), wait for the grant signal, run, release. The release also runs
 * when the step fails or the run is cancelled, in a non-cancellable scope.
 */
import {
  CancellationScope,
  condition,
  getExternalWorkflowHandle,
  proxyActivities,
  setHandler,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { createHardwareActivities } from '../activities/hardware/index.js';
import { hostLockGranted, hostLockRelease, hostLockWorkflowId } from './host-lock-messages.js';

type LockActivities = Pick<ReturnType<typeof createHardwareActivities>, 'requestHostLock'>;

const { requestHostLock } = proxyActivities<LockActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 5, initialInterval: '1 second', backoffCoefficient: 2 },
});

/** Grants this run received, by token; one handler serves every acquisition of the run. */
const granted = new Set<string>();
let listening = false;

/** Runs `fn` while holding the lock of `host`; `purpose` (the step id) is shown in the lock's state. */
export async function withHostLock<T>(host: string, purpose: string, fn: () => Promise<T>): Promise<T> {
  if (!listening) {
    setHandler(hostLockGranted, ({ token }) => void granted.add(token));
    listening = true;
  }
  const requester = workflowInfo().workflowId;
  const token = `${purpose}:${uuid4()}`;
  try {
    // Not cancellable: a request still in flight could otherwise land after the release below.
    await CancellationScope.nonCancellable(() => requestHostLock({ host, requester, token, purpose }));
    await condition(() => granted.has(token));
    return await fn();
  } finally {
    await CancellationScope.nonCancellable(async () => {
      try {
        await getExternalWorkflowHandle(hostLockWorkflowId(host)).signal(hostLockRelease, { token });
      } catch {
        // No lock workflow means nothing is held.
      }
    });
  }
}
