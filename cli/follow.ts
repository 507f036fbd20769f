/**
 * `--wait`: follows a run by polling its status query and printing each step
 * transition (with the command that unblocks a waiting step) until it closes.
 */
import { WorkflowFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure, CancelledFailure, TerminatedFailure } from '@temporalio/common';
import { setTimeout as sleep } from 'node:timers/promises';
import pc from 'picocolors';
import { getStatus } from '../client/runbooks.js';
import type { RunbookResult, RunbookStatus, StepStatus } from '../workflows/messages.js';
import { nextCommands, stateLabel, type NextOptions } from './format/status.js';
import type { CliIO } from './io.js';

export interface FollowOutcome {
  state: string;
  status?: RunbookStatus | RunbookResult;
  error?: string;
}

/** Polls until the workflow closes; `print` receives one line per transition. */
export async function follow(
  client: Client,
  workflowId: string,
  print: (line: string) => void,
  options: { intervalMs?: number; taskQueue?: string; next?: NextOptions; signal?: AbortSignal } = {},
): Promise<FollowOutcome> {
  const handle = client.workflow.getHandle(workflowId);
  const seen = new Map<string, string>();
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
    for (const step of status.steps) {
      const key = `${step.state}|${step.checklist?.filter((i) => i.done).length ?? 0}`;
      if (seen.get(step.id) === key) continue;
      const first = !seen.has(step.id);
      seen.set(step.id, key);
      if (first && step.state === 'pending') continue;
      print(transition(step));
    }
  }

  function transition(step: StepStatus): string {
    const line = `${stateLabel(step.state)}  ${step.id}${step.error ? pc.red(`: ${step.error}`) : ''}`;
    const cmds = nextCommands(workflowId, step, options.next);
    return cmds.length ? [line, ...cmds.map((c) => pc.dim(`    ${c}`))].join('\n') : line;
  }

  async function outcome(): Promise<FollowOutcome> {
    try {
      const result = (await handle.result()) as RunbookResult;
      return { state: result.state, status: result, ...(result.error ? { error: result.error } : {}) };
    } catch (err) {
      if (err instanceof WorkflowFailedError) {
        const cause = err.cause;
        const details = cause instanceof ApplicationFailure ? (cause.details?.[0] as RunbookStatus | undefined) : undefined;
        if (details?.steps) report(details);
        if (cause instanceof CancelledFailure) return { state: 'cancelled', error: 'the run was cancelled' };
        if (cause instanceof TerminatedFailure) return { state: 'terminated', error: cause.message };
        return { state: details?.state ?? 'failed', ...(details ? { status: details } : {}), error: cause?.message ?? err.message };
      }
      throw err;
    }
  }
}

/**
 * `follow` for a command in the foreground: prints to stdout, and Ctrl-C stops following, not
 * the run (it is durable and carries on in Temporal), saying how to pick it up again. Resolves
 * with undefined when stopped that way (the command then exits 130).
 */
export async function followInForeground(io: CliIO, client: Client, workflowId: string, taskQueue: string): Promise<FollowOutcome | undefined> {
  const stop = new AbortController();
  const unsubscribe = io.onStop(() => stop.abort());
  try {
    const result = await follow(client, workflowId, (line) => io.stdout.write(`${line}\n`), { taskQueue, signal: stop.signal });
    if (result.state !== 'running') return result;
    io.stdout.write(`\nStopped following; the run goes on. Follow it with: npx swaybot runbook status ${workflowId}\n`);
    return undefined;
  } finally {
    unsubscribe();
  }
}
