/**
 * Runs one action call from the plan: an activity by name or a durable timer.
 * One typed proxy over the activities the ops worker registers; a plan may also
 * name an activity a worker registers besides them (tests, extensions), which
 * the proxy reaches by the same name.
 */
import { ActivityCancellationType, proxyActivities, sleep, type ActivityOptions } from '@temporalio/workflow';
import type { Duration } from '@temporalio/common';
import type { ActivityName } from '../actions/runner.js';
import type { OpsActivities } from '../activities/index.js';
import type { ActionCall, Duration as PlanDuration, RetrySpec } from '../plan/types.js';
import { withHostLock } from './host-lock-client.js';

export type { OpsActivities } from '../activities/index.js';

/** Options for a call when the step sets none: one minute per attempt, three attempts. */
export const DEFAULT_ACTIVITY_OPTIONS = {
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 3, initialInterval: '1 second', backoffCoefficient: 2 },
} satisfies ActivityOptions;

/** Typed access to the shipped activities; the interpreter and hand-written workflows use it. */
export const ops = proxyActivities<OpsActivities>(DEFAULT_ACTIVITY_OPTIONS);

/** An activity as the interpreter calls it: rendered arguments in, output out (activities re-validate). */
type StepActivity = (typeof ops)[ActivityName] & { executeWithOptions(options: ActivityOptions, args: [unknown]): Promise<unknown> };

export interface CallOptions {
  summary: string;
  /** Activity id: the step id, so activities can tag logs and derive idempotency keys from it. */
  id: string;
  timeout?: PlanDuration | undefined;
  retry?: RetrySpec | undefined;
}

/** Runs `call` with already-rendered arguments and returns its output (timers return `undefined`). */
export async function runAction(call: ActionCall, args: unknown, options: CallOptions): Promise<unknown> {
  if (call.runner.kind === 'timer') {
    const { duration, reason } = timerArgs(args, call.action);
    await sleep(duration, { summary: reason ?? options.summary });
    return undefined;
  }
  // The proxy answers every name; an activity no worker registers fails the step at run time.
  const activity = ops[call.runner.activity as ActivityName] as StepActivity;
  const activityOptions: ActivityOptions = {
    ...DEFAULT_ACTIVITY_OPTIONS,
    summary: options.summary,
    activityId: options.id,
    ...(options.timeout !== undefined ? { startToCloseTimeout: asDuration(options.timeout) } : {}),
    ...(options.retry ? { retry: retryPolicy(options.retry) } : {}),
  };
  const host = lockedHost(call, args);
  if (host === undefined) return activity.executeWithOptions(activityOptions, [args]);
  // Hold the lock until the BMC work really stopped, also when the run is cancelled.
  const locked = { ...activityOptions, cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED };
  return withHostLock(host, options.id, () => activity.executeWithOptions(locked, [args]));
}

/** Actions serialised per host: power changes. Other steps issue exactly the commands they always did. */
const LOCKED_ACTIONS = new Set(['hardware.power']);

/** The host whose lock `call` needs, or undefined (a malformed host is left to the activity to reject). */
function lockedHost(call: ActionCall, args: unknown): string | undefined {
  if (!LOCKED_ACTIONS.has(call.action)) return undefined;
  const host = (args as Record<string, unknown> | null)?.['host'];
  return typeof host === 'string' && host !== '' ? host : undefined;
}

function retryPolicy(spec: RetrySpec): NonNullable<ActivityOptions['retry']> {
  return {
    maximumAttempts: spec.maximumAttempts,
    initialInterval: asDuration(spec.initialInterval),
    backoffCoefficient: spec.backoffCoefficient,
    ...(spec.maximumInterval !== undefined ? { maximumInterval: asDuration(spec.maximumInterval) } : {}),
  };
}

const DURATION = /^\d+(\.\d+)?\s*(ms|s|m|h|d)$/;

/** Plan durations are validated by the compiler; this re-checks rendered ones before Temporal parses them. */
export function asDuration(value: unknown): Duration {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  if (typeof value === 'string' && DURATION.test(value.trim())) return value.trim() as Duration;
  throw new Error(`Unexpected duration ${JSON.stringify(value)}, expected e.g. 30s, 5m or 2h`);
}

function timerArgs(args: unknown, action: string): { duration: Duration; reason?: string } {
  const record = (args ?? {}) as Record<string, unknown>;
  const duration = asDuration(record['duration']);
  const reason = record['reason'];
  if (reason !== undefined && typeof reason !== 'string') throw new Error(`\`${action}\`: \`reason\` must be a string`);
  return reason === undefined ? { duration } : { duration, reason };
}
