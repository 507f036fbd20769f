/**
 * `--wait`: follows a run by polling its status query and printing its record of
 * transitions (`status.transitions`) from the last `seq` seen on, so every transition
 * shows once, in the order the run made it, however fast it moved between two polls.
 * A waiting step gets the commands that unblock it (next-steps.ts).
 */
import { WorkflowFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure, CancelledFailure, TerminatedFailure } from '@temporalio/common';
import { setTimeout as sleep } from 'node:timers/promises';
import pc from 'picocolors';
import { getStatus } from '../client/runbooks.js';
import type { RunbookResult, RunbookStatus, StepState, Transition } from '../workflows/messages.js';
import { stateLabel, timerDetail } from './format/status.js';
import type { CliIO } from './io.js';
import type { NextSteps } from './next-steps.js';

export interface FollowOutcome {
  state: string;
  status?: RunbookStatus | RunbookResult;
  error?: string;
  /** True when a printed transition already carried the failure, so the caller need not repeat it. */
  failureShown?: boolean;
}

export interface FollowOptions {
  intervalMs?: number;
  taskQueue?: string;
  /** Builds the commands printed under a waiting step. */
  next: NextSteps;
  signal?: AbortSignal;
}

/** Polls until the workflow closes; `print` receives one line (with its commands) per transition. */
export async function follow(client: Client, workflowId: string, print: (line: string) => void, options: FollowOptions): Promise<FollowOutcome> {
  const handle = client.workflow.getHandle(workflowId);
  let lastSeq = 0;
  let failureShown = false;
  let warnedNoWorker = false;
  for (;;) {
    if (options.signal?.aborted) return { state: 'running' };
    const description = await handle.describe();
    try {
      report(await getStatus(client, workflowId));
    } catch {
      // Queries need a worker; a closed run without one still has a result to read below.
      if (description.status.name === 'RUNNING' && !warnedNoWorker) {
        print(pc.yellow(`… no answer from a worker yet${options.taskQueue ? ` on task queue ${options.taskQueue}` : ''}; is one running (npm start)?`));
        warnedNoWorker = true;
      }
    }
    if (description.status.name !== 'RUNNING') return outcome();
    // Aborting ends the wait at once; the check at the top of the loop then returns.
    await sleep(options.intervalMs ?? 500, undefined, options.signal ? { signal: options.signal } : {}).catch(() => undefined);
  }

  function report(status: RunbookStatus): void {
    const fresh = (status.transitions ?? []).filter((t) => t.seq > lastSeq);
    const first = fresh[0];
    if (first && first.seq > lastSeq + 1) {
      print(pc.dim(`… ${first.seq - lastSeq - 1} earlier transitions not shown (a run keeps its last ${status.transitions?.length ?? 0})`));
    }
    for (const t of fresh) {
      lastSeq = t.seq;
      const line = describe(t, status);
      if (line !== undefined) print(line);
    }
  }

  function describe(t: Transition, status: RunbookStatus): string | undefined {
    if (t.step === undefined) {
      // The run's end is the caller's last line; only compensation is news in between.
      return t.event === 'compensating' ? `${pc.magenta('↺ compensating')}  run: undoing what it did, newest first` : undefined;
    }
    const step = status.steps.find((s) => s.id === t.step);
    const by = t.by ? ` by ${t.by}` : '';
    const error = t.error ? pc.red(`: ${t.error}`) : '';
    if (t.event === 'failed' && t.error) failureShown = true;
    let line: string;
    switch (t.event) {
      case 'started':
        return undefined;
      case 'approved':
        line = `${pc.green('✔ approved')}  ${t.step}${by}`;
        break;
      case 'rejected':
        line = `${pc.red('✖ rejected')}  ${t.step}${by}`;
        break;
      case 'timed_out':
        line = `${pc.yellow('⌛ timed-out')}  ${t.step} (nobody decided)`;
        break;
      case 'ticked': {
        const done = step?.checklist?.filter((i) => i.done).length ?? 0;
        line = `${pc.green('☑ ticked')}  ${t.step}${by}${step?.checklist ? ` (${done}/${step.checklist.length} done now)` : ''}`;
        break;
      }
      case 'compensation_failed':
        line = `${pc.red('✖ compensation-failed')}  ${t.step}${error}`;
        break;
      default:
        line = `${stateLabel(t.state as StepState)}  ${t.step}${error}`;
    }
    if (t.event === 'running' && step?.state === 'running' && step.timer) line += pc.dim(`  (${timerDetail(step.timer)})`);
    // Commands only while the step still waits: a backlog printed late must not suggest stale ones.
    const latest = isLatestFor(t, status);
    const cmds = latest && step && step.state === t.state ? options.next.forStep(workflowId, step) : [];
    return cmds.length ? [line, ...cmds.map((c) => pc.dim(`    ${c}`))].join('\n') : line;
  }

  async function outcome(): Promise<FollowOutcome> {
    const shown = (): { failureShown?: boolean } => (failureShown ? { failureShown } : {});
    try {
      const result = (await handle.result()) as RunbookResult;
      return { state: result.state, status: result, ...(result.error ? { error: result.error } : {}), ...shown() };
    } catch (err) {
      if (err instanceof WorkflowFailedError) {
        const cause = err.cause;
        const details = cause instanceof ApplicationFailure ? (cause.details?.[0] as RunbookStatus | undefined) : undefined;
        if (details?.steps) report(details);
        if (cause instanceof CancelledFailure) return { state: 'cancelled', error: 'the run was cancelled', ...shown() };
        if (cause instanceof TerminatedFailure) return { state: 'terminated', error: cause.message, ...shown() };
        return { state: details?.state ?? 'failed', ...(details ? { status: details } : {}), error: cause?.message ?? err.message, ...shown() };
      }
      throw err;
    }
  }
}

/** True when no later transition of the record concerns the same step. */
function isLatestFor(t: Transition, status: RunbookStatus): boolean {
  return !(status.transitions ?? []).some((o) => o.seq > t.seq && o.step === t.step);
}

/**
 * `follow` for a command in the foreground: prints to stdout, and Ctrl-C stops following, not
 * the run (it is durable and carries on in Temporal), saying how to pick it up again. Resolves
 * with undefined when stopped that way (the command then exits 130).
 */
export async function followInForeground(io: CliIO, client: Client, workflowId: string, taskQueue: string, next: NextSteps): Promise<FollowOutcome | undefined> {
  const stop = new AbortController();
  const unsubscribe = io.onStop(() => stop.abort());
  try {
    const result = await follow(client, workflowId, (line) => io.stdout.write(`${line}\n`), { taskQueue, signal: stop.signal, next });
    if (result.state !== 'running') return result;
    io.stdout.write(`\nStopped following; the run goes on. Follow it with: ${next.status(workflowId)}\n`);
    return undefined;
  } finally {
    unsubscribe();
  }
}
