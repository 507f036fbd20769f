/**
 * Signed heads kept in Temporal: every `ledgerRecord` result (a local activity's marker or an
 * activity's completion) holds the receipts the ledger gave, each with the head signed when
 * the batch committed. Histories live outside the ledger folder, so they witness what the
 * ledger held even after someone rewrote or cut the folder. Read-only: lists and reads histories.
 */
import { defaultPayloadConverter } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import type { CliContext } from '../context.js';
import type { SignedHead } from '../../ledger/index.js';

type History = temporal.api.history.v1.IHistory;
type Payloads = temporal.api.common.v1.IPayloads | null | undefined;

/** The activity whose results carry receipts. */
const LEDGER_ACTIVITY = 'ledgerRecord';

/** A head found in a history, and where. */
export interface FoundHead {
  head: SignedHead;
  source: string;
}

const first = (payloads: Payloads): unknown => {
  const p = payloads?.payloads?.[0];
  return p ? defaultPayloadConverter.fromPayload(p) : undefined;
};

/**
 * The results of `ledgerRecord` in one history: local activities record theirs in a
 * `core_local_activity` marker (activity type in `data`, value in `result`); activities in
 * ActivityTaskCompleted, matched to their scheduled event for the type.
 */
export function ledgerResults(history: History): unknown[] {
  const types = new Map<string, string>();
  const results: unknown[] = [];
  for (const e of history.events ?? []) {
    const scheduled = e.activityTaskScheduledEventAttributes;
    if (scheduled) types.set(String(e.eventId), scheduled.activityType?.name ?? '');
    const completed = e.activityTaskCompletedEventAttributes;
    if (completed && types.get(String(completed.scheduledEventId)) === LEDGER_ACTIVITY) results.push(first(completed.result));
    const marker = e.markerRecordedEventAttributes;
    if (marker?.markerName === 'core_local_activity') {
      const data = first(marker.details?.['data']) as { activity_type?: unknown } | undefined;
      if (data?.activity_type === LEDGER_ACTIVITY) results.push(first(marker.details?.['result']));
    }
  }
  return results;
}

/**
 * Signed heads in the histories of the workflows `query` selects (default: those of the
 * configured task queue, where the workflows that record ledger events run), deduplicated.
 * `problems` names results whose heads could not be read.
 */
export async function headsFromTemporal(
  ctx: CliContext,
  query: string | undefined,
): Promise<{ heads: FoundHead[]; workflows: number; query: string; problems: string[] }> {
  const [{ connectClient, resolveTarget }, { headsIn }] = await Promise.all([import('../connect.js'), import('../../ledger/heads.js')]);
  const target = resolveTarget(ctx.globals(), ctx.io.env);
  const listQuery = query ?? `TaskQueue = '${target.taskQueue.replace(/'/g, "\\'")}'`;
  const { client, close } = await connectClient(target);
  const seen = new Set<string>();
  const heads: FoundHead[] = [];
  const problems: string[] = [];
  let workflows = 0;
  try {
    for await (const wf of client.workflow.list({ query: listQuery })) {
      workflows += 1;
      const source = `workflow ${wf.workflowId} run ${wf.runId}`;
      const history = await client.workflow.getHandle(wf.workflowId, wf.runId).fetchHistory();
      for (const result of ledgerResults(history)) {
        let found: SignedHead[];
        try {
          found = headsIn(result);
        } catch (error) {
          problems.push(`${source}: ${(error as Error).message}`);
          continue;
        }
        for (const head of found) {
          if (seen.has(head.sig)) continue;
          seen.add(head.sig);
          heads.push({ head, source });
        }
      }
    }
  } finally {
    await close();
  }
  return { heads, workflows, query: listQuery, problems };
}
