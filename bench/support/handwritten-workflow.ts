/**
 * The benchmark's anchor: the same five calls as the benchmark plan, written
 * by hand against the typed activity proxy, with the same per-call summaries
 * and activity ids, and no interpreter (no templates, status, details or
 * search-attribute updates). Like the interpreter it records the run in the
 * ledger: the same 12 events, sent in one `ledgerRecord` local activity at the
 * end, so the ratio measures the interpreter and not the ledger.
 */
import { proxyLocalActivities, workflowInfo } from '@temporalio/workflow';
import type { createActivities } from '../../activities/index.js';
import type { EventInput } from '../../ledger/event.js';
import { ops } from '../../workflows/actions.js';
import { DEFAULT_ACTIVITY_OPTIONS } from '../../workflows/actions.js';
import { eventId as eventIdOf } from '../../events/vocabulary.js';
import { LEDGER_ACTIVITY_OPTIONS } from '../../workflows/ledger-events.js';

const { ledgerRecord } = proxyLocalActivities<Pick<ReturnType<typeof createActivities>, 'ledgerRecord'>>(LEDGER_ACTIVITY_OPTIONS);

/** Gathers the events the interpreter would write for this run, with workflow times. */
function journal(): { note(step: string, kind: string, type: string): void; send(): Promise<unknown> } {
  const { workflowId, runId } = workflowInfo();
  const base = `${workflowId}@${runId}`;
  const events: EventInput[] = [];
  return {
    note(step, kind, type) {
      const payload = { runbookId: 'bench-handwritten', workflowId, runId, step };
      events.push({ id: eventIdOf(base, step, kind), type, subject: { kind: 'runbook', id: workflowId }, actor: 'swaybot', time: new Date().toISOString(), payload });
    },
    send: () => ledgerRecord(events),
  };
}

interface Service {
  name: string;
  replicas: number;
  healthy: boolean;
}

const call = (summary: string, activityId: string) => ({ ...DEFAULT_ACTIVITY_OPTIONS, summary, activityId });

/** Looks the service up, restarts it when unhealthy, polls the restart, reports. */
export async function handwrittenWorkflow(base: string): Promise<string> {
  const j = journal();
  j.note('_run', 'started', 'runbook.run.started');
  const step = async <T>(id: string, work: () => Promise<T>): Promise<T> => {
    j.note(id, 'started', 'runbook.step.started');
    const result = await work();
    j.note(id, 'succeeded', 'runbook.step.succeeded');
    return result;
  };
  const svc = await step('look-up', () => ops.httpRequest.executeWithOptions(call('look up', 'look-up'), [{ url: `${base}/service` }]));
  const service = svc.body as Service;
  await step('announce', () => ops.log.executeWithOptions(call('announce', 'announce'), [{ message: `checking ${service.name} (${service.replicas} replicas)` }]));
  let restartId: unknown = null;
  if (service.healthy === false) {
    const restart = await step('restart', () =>
      ops.httpRequest.executeWithOptions(call('restart', 'restart'), [
        { url: `${base}/restart/${service.name}`, method: 'POST', body: { replicas: service.replicas } },
      ]),
    );
    restartId = (restart.body as { id: unknown }).id;
  }
  const status = await step('poll', () => ops.httpRequest.executeWithOptions(call('poll', 'poll'), [{ url: `${base}/status/${String(restartId)}` }]));
  const state = (status.body as { state: string }).state;
  await step('report', () => ops.log.executeWithOptions(call('report', 'report'), [{ message: `restart of ${service.name} is ${state}` }]));
  j.note('_run', 'succeeded', 'runbook.run.succeeded');
  await j.send();
  return state;
}
