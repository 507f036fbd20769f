/**
 * Test workflow for two-workers.test.ts: appends `count` events through as
 * many concurrent `ledgerRecord` activity calls, so activities on every worker
 * of the task queue append to the ledger at once.
 */
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { EventInput, Receipt } from '../../ledger/index.js';

const { ledgerRecord } = proxyActivities<{ ledgerRecord(events: EventInput[]): Promise<Receipt[]> }>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '100 milliseconds', backoffCoefficient: 1, maximumAttempts: 5 },
});

export async function recordMany(count: number): Promise<number> {
  const { workflowId } = workflowInfo();
  const time = new Date().toISOString();
  const calls = Array.from({ length: count }, (_, i) =>
    ledgerRecord([{ id: `${workflowId}/e${i}/appended`, type: 'test.appended', subject: { kind: 'runbook', id: workflowId }, actor: 'swaybot', time, payload: { i } }]),
  );
  return (await Promise.all(calls)).length;
}
