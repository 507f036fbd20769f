/**
 * Drives a run to its end as a diligent operator would: whenever the current
 * step awaits approval it decides (approve unless told otherwise), whenever it
 * awaits its checklist it ticks everything. Returns how the run ended.
 */
import type { Client } from '@temporalio/client';
import { approve, getStatus, reject, tick, type RunbookHandle } from '../../client/runbooks.js';
import type { RunbookResult } from '../../workflows/messages.js';

export interface DriveOptions {
  who?: string;
  /** Decision per step id; default approve; `none` lets the gate time out. */
  decisions?: Record<string, 'approve' | 'reject' | 'none'>;
}

export async function drive(client: Client, handle: RunbookHandle, options: DriveOptions = {}): Promise<{ result?: RunbookResult; error?: unknown }> {
  const who = options.who ?? 'alice';
  let outcome: { result?: RunbookResult; error?: unknown } | undefined;
  const done = handle.result().then(
    (result) => (outcome = { result }),
    (error: unknown) => (outcome = { error }),
  );
  while (!outcome) {
    const status = await getStatus(client, handle.workflowId).catch(() => undefined);
    const current = status?.steps.find((s) => s.id === status.currentStep);
    // Refusals race with the run moving on; the next poll sees the new state.
    if (current?.state === 'awaiting-approval' && options.decisions?.[current.id] !== 'none') {
      const send = options.decisions?.[current.id] === 'reject' ? reject : approve;
      await send(client, handle.workflowId, current.id, who, 'recorded by the test driver').catch(() => undefined);
    } else if (current?.state === 'awaiting-checklist') {
      await tick(client, handle.workflowId, current.id, undefined, who).catch(() => undefined);
    }
    await Promise.race([done, new Promise((r) => setTimeout(r, 150))]);
  }
  return outcome;
}
