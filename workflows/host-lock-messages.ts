/**
 * Messages of the per-host lock workflow, shared by the lock, the runbook
 * interpreter (requester side), the `requestHostLock` activity and tests.
 * Wire names equal the constant names.
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { Duration } from '../plan/types.js';

export const HOST_LOCK_WORKFLOW = 'hostLockWorkflow';

/** One lock workflow per host: `host-lock:<host>`. */
export const hostLockWorkflowId = (host: string): string => `host-lock:${host}`;

/** Asks for the lock; the grant is signalled (`hostLockGranted`) to the requester's workflow id. */
export interface LockRequest {
  /** Workflow id of the requesting run. */
  requester: string;
  /** Unique per acquisition, so stale grants and releases are recognised. */
  token: string;
  /** What the lock is for, shown in the lock's state (e.g. the step id). */
  purpose?: string;
}

export interface LockGrant {
  host: string;
  token: string;
}

/** A past grant, newest last, for people and tests (times in ms since the epoch). */
export interface GrantRecord extends LockRequest {
  requestedAt: number;
  grantedAt: number;
  releasedAt?: number;
  /** `released` by the requester, or `requester-gone` when it ended without releasing. */
  end?: 'released' | 'requester-gone';
}

export interface HostLockState {
  host: string;
  holder?: GrantRecord;
  queue: (LockRequest & { requestedAt: number })[];
  /** Grants since the lock first started (across continue-as-new). */
  grants: number;
  /** The last `HISTORY_LIMIT` grants. */
  recent: GrantRecord[];
}

export interface HostLockInput {
  host: string;
  /** Continue-as-new after this many grants in one run (default 100). */
  maxGrantsPerRun?: number;
  /** End when nobody asked for this long (default 10m); the next request starts it again. */
  idleTimeout?: Duration;
  /** How often to check that the holder's run still exists (default 1m). */
  livenessCheck?: Duration;
  /** State carried over continue-as-new. */
  carried?: Omit<HostLockState, 'host'>;
}

export const hostLockAcquire = defineSignal<[LockRequest]>('hostLockAcquire');
export const hostLockRelease = defineSignal<[{ token: string }]>('hostLockRelease');
/** Sent by the lock to the requester; also re-sent as a liveness probe while it holds. */
export const hostLockGranted = defineSignal<[LockGrant]>('hostLockGranted');
export const hostLockState = defineQuery<HostLockState>('hostLockState');
