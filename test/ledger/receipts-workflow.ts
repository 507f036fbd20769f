/**
 * Test workflow for test/cli/ledger-heads.test.ts: records events the way swaybot's workflows do,
 * once through a local activity (a marker in the history) and once through an activity (an
 * ActivityTaskCompleted result), so receipts with signed heads land in both places.
 */
import { proxyActivities, proxyLocalActivities, workflowInfo } from '@temporalio/workflow';
import type { EventInput, Receipt } from '../../ledger/index.js';

interface Record {
  ledgerRecord(events: EventInput[]): Promise<Receipt[]>;
}
const local = proxyLocalActivities<Record>({ startToCloseTimeout: '10 seconds' });
const remote = proxyActivities<Record>({ startToCloseTimeout: '10 seconds' });

export async function recordWithReceipts(): Promise<number> {
  const { workflowId } = workflowInfo();
  const event = (n: number): EventInput => ({
    id: `${workflowId}/e${n}/appended`,
    type: 'test.appended',
    subject: { kind: 'runbook', id: workflowId },
    actor: 'swaybot',
    time: '2026-11-22T10:00:00Z',
    payload: { n },
  });
  const first = await local.ledgerRecord([event(0), event(1)]);
  const second = await remote.ledgerRecord([event(2)]);
  return first.length + second.length;
}
