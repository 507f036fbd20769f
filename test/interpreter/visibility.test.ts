import { describe, expect, it } from 'vitest';
import { WorkflowFailedError } from '@temporalio/client';
import { CancelledFailure } from '@temporalio/common';
import { approve, getStatus } from '../../client/runbooks.js';
import { RunbookIdKey, RunbookStateKey, RunbookStepKey } from '../../workflows/messages.js';
import { eventually, stepIs, withWorker } from '../support-interpreter/harness.js';
import { activity, approval, log, manual, param, plan, undo } from '../support-interpreter/plans.js';
import { recorder } from '../support-interpreter/recorder.js';

/** What the Web UI reads as "Current Details". */
async function currentDetails(handle: { query<T>(name: string): Promise<T> }): Promise<string> {
  const metadata = await handle.query<{ currentDetails?: string }>('__temporal_workflow_metadata');
  return metadata.currentDetails ?? '';
}

describe('what people see of a run', () => {
  it('shows summary, details, progress and search attributes while waiting and after', async () => {
    const rec = recorder();
    await withWorker({ activities: rec.activities }, async (h) => {
      const p = plan(
        'visible',
        [
          log('announce', 'starting on {{ params.host }}', { title: 'Announce the restart' }),
          activity('restart', 'record', { name: 'restart' }, { title: 'Restart the service', approval: approval({ prompt: 'Restart {{ params.host }} now?' }), as: 'restarted' }),
          manual('verify', { graphs: 'Graphs look normal' }, { when: "params.host != '' || params.grace > 0" }),
        ],
        { params: [param('host', 'string'), param('grace', 'number', 30)], title: 'Restart a web node' },
      );
      const handle = await h.start({ plan: p, params: { host: 'web-3' } });
      const wf = handle.workflowId;
      expect(wf).toMatch(/^runbook-visible-[a-z0-9]+$/);

      const status = await eventually(() => getStatus(h.client, wf), stepIs('restart', 'awaiting-approval'), 'restart awaiting approval');
      expect(status).toMatchObject({ runbookId: 'visible', planHash: p.hash, state: 'running', currentStep: 'restart' });
      expect(status.steps.map((s) => [s.id, s.kind, s.state])).toEqual([
        ['announce', 'action', 'succeeded'],
        ['restart', 'action', 'awaiting-approval'],
        ['verify', 'manual', 'pending'],
      ]);
      expect(status.steps[1]).toMatchObject({ prompt: 'Restart web-3 now?', approvers: ['sre'] });

      const desc = await eventually(
        () => handle.describe(),
        (d) => d.typedSearchAttributes.get(RunbookStateKey) === 'awaiting-approval',
        'RunbookState awaiting-approval',
      );
      expect(desc.typedSearchAttributes.get(RunbookIdKey)).toBe('visible');
      expect(desc.typedSearchAttributes.get(RunbookStepKey)).toBe('restart');
      expect(desc.memo).toEqual({ planHash: p.hash });
      expect(await desc.staticSummary()).toBe('Runbook: Restart a web node');
      const details = await desc.staticDetails();
      expect(details).toContain('`visible`');
      expect(details).toContain('| host | `"web-3"` |');
      expect(details).toContain('| grace | `30` | default |');
      expect(details).toContain('2. Restart the service (`record`; approval: sre)');
      // A condition in a list item is a code span as written: no table-style `\|` escapes.
      expect(details).toContain("when `params.host != '' || params.grace > 0`");

      const progress = await currentDetails(handle);
      expect(progress).toContain('1. ✅ Announce the restart');
      expect(progress).toContain('2. ⏸ Restart the service');
      expect(progress).toContain('- Restart web-3 now?');
      expect(progress).toContain(`swaybot runbook approve ${wf} restart`);
      expect(progress).toContain('3. ⬜ verify');

      const listed = await eventually(
        async () => {
          const ids: string[] = [];
          for await (const w of h.client.workflow.list({ query: `RunbookId = 'visible' AND RunbookState = 'awaiting-approval' AND WorkflowId = '${wf}'` })) ids.push(w.workflowId);
          return ids;
        },
        (ids) => ids.length === 1,
        'the run in a list query by search attributes',
      );
      expect(listed).toEqual([wf]);

      await approve(h.client, wf, 'restart', 'bob');
      await eventually(() => getStatus(h.client, wf), stepIs('verify', 'awaiting-checklist'), 'verify awaiting its checklist');
      const later = await currentDetails(handle);
      expect(later).toContain('2. ✅ Restart the service (approve by bob)');
      expect(later).toContain('📝 verify');
      expect(later).toContain('- [ ] Graphs look normal (`graphs`)');
      await eventually(
        () => handle.describe(),
        (d) => d.typedSearchAttributes.get(RunbookStateKey) === 'awaiting-checklist' && d.typedSearchAttributes.get(RunbookStepKey) === 'verify',
        'RunbookState awaiting-checklist on verify',
      );
      expect((await getStatus(h.client, wf)).outputs).toEqual({ restarted: 'restart' });

      await handle.terminate('test over');
    });
  });

  it('compensates a cancelled run and ends Cancelled, with RunbookState cancelled', async () => {
    const rec = recorder();
    await withWorker({ activities: rec.activities }, async (h) => {
      const handle = await h.start({
        plan: plan('cancel', [
          activity('drain', 'record', { name: 'drain' }, { compensate: undo('record', { name: 'undrain' }) }),
          activity('restart', 'record', { name: 'restart' }, { approval: approval() }),
        ]),
      });
      await eventually(() => getStatus(h.client, handle.workflowId), stepIs('restart', 'awaiting-approval'), 'restart awaiting approval');
      await handle.cancel();
      const err = await handle.result().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(WorkflowFailedError);
      expect((err as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
      expect(rec.calls).toEqual(['drain', 'undrain']);
      const desc = await handle.describe();
      expect(desc.status.name).toBe('CANCELLED');
      expect(desc.typedSearchAttributes.get(RunbookStateKey)).toBe('cancelled');
      expect(desc.typedSearchAttributes.get(RunbookStepKey)).toBe('restart');
      // The run's own ordered record, which `--wait` prints from: numbered without gaps, compensation after the failure.
      const record = (await getStatus(h.client, handle.workflowId)).transitions ?? [];
      expect(record.map((t) => t.seq)).toEqual(record.map((_, i) => i + 1));
      expect(record.filter((t) => t.event !== 'started').map((t) => `${t.event} ${t.step ?? 'run'}${t.error ? `: ${t.error}` : ''}`)).toEqual([
        'running drain',
        'succeeded drain',
        'awaiting_approval restart',
        'failed restart: cancelled',
        'compensating run',
        'compensated drain',
        'cancelled run',
      ]);
    });
  });
});
