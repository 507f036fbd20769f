/**
 * The per-host lock: one long-lived workflow per host (`host-lock:<host>`),
 * started by the first requester with signalWithStart. Requests queue FIFO;
 * the head gets a `hostLockGranted` signal and holds until it signals
 * `hostLockRelease`. A holder that ended without releasing (terminated, reset)
 * is found by re-sending the grant every `livenessCheck`: signalling a closed
 * workflow fails, and the lock moves on. Continues-as-new after
 * `maxGrantsPerRun` grants; ends after `idleTimeout` with nobody waiting.
 */
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { asDuration } from './actions.js';
import {
  hostLockAcquire,
  hostLockGranted,
  hostLockRelease,
  hostLockState,
  type GrantRecord,
  type HostLockInput,
  type HostLockState,
} from './host-lock-messages.js';

const HISTORY_LIMIT = 20;

/** Runs the lock for `input.host`; returns its final state when idle. */
export async function hostLockWorkflow(input: HostLockInput): Promise<HostLockState> {
  const { host } = input;
  const state: HostLockState = { host, queue: [], grants: 0, recent: [], ...input.carried };
  const maxGrants = input.maxGrantsPerRun ?? 100;
  const idle = asDuration(input.idleTimeout ?? '10m');
  const liveness = asDuration(input.livenessCheck ?? '1m');
  let grantsThisRun = 0;

  const known = (token: string): boolean => state.holder?.token === token || state.queue.some((r) => r.token === token);
  setHandler(hostLockAcquire, (req) => {
    // signalWithStart retries may deliver a request twice.
    if (!known(req.token)) state.queue.push({ ...req, requestedAt: Date.now() });
  });
  setHandler(hostLockRelease, ({ token }) => {
    if (state.holder?.token === token) end('released');
    else state.queue = state.queue.filter((r) => r.token !== token);
  });
  setHandler(hostLockState, () => state);

  function end(how: NonNullable<GrantRecord['end']>): void {
    const holder = state.holder;
    if (!holder) return;
    const ended = { releasedAt: Date.now(), end: how };
    Object.assign(holder, ended);
    // After continue-as-new the holder and its entry in `recent` are separate copies.
    const record = state.recent.find((g) => g.token === holder.token);
    if (record) Object.assign(record, ended);
    delete state.holder;
  }

  /** Signals the holder; false when its run is gone. */
  async function tell(holder: GrantRecord): Promise<boolean> {
    try {
      await getExternalWorkflowHandle(holder.requester).signal(hostLockGranted, { host, token: holder.token });
      return true;
    } catch {
      return false;
    }
  }

  for (;;) {
    if (grantsThisRun >= maxGrants || workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      const { host: _, ...carried } = state;
      return continueAsNew<typeof hostLockWorkflow>({ ...input, carried });
    }
    if (!state.holder) {
      if (!(await condition(() => state.queue.length > 0, idle))) {
        await condition(allHandlersFinished);
        // A request that arrived in this very task keeps the lock running.
        if (state.queue.length === 0) return state;
        continue;
      }
      const next = state.queue.shift()!;
      const holder: GrantRecord = { ...next, grantedAt: Date.now() };
      state.holder = holder;
      state.recent = [...state.recent, holder].slice(-HISTORY_LIMIT);
      state.grants++;
      grantsThisRun++;
      if (!(await tell(holder))) end('requester-gone');
      continue;
    }
    const holder = state.holder;
    const released = await condition(() => state.holder !== holder, liveness);
    if (!released && !(await tell(holder))) end('requester-gone');
  }
}
