import { describe, expect, it } from 'vitest';
import { getStatus, tick, UpdateRejectedError } from '../../client/runbooks.js';
import { eventually, finalStatus, runFailure, stepIs, withWorker } from '../support-interpreter/harness.js';
import { activity, manual, plan } from '../support-interpreter/plans.js';
import { recorder } from '../support-interpreter/recorder.js';

describe('manual checklists', () => {
  it('waits until every item is ticked, recording who ticked', async () => {
    const rec = recorder();
    await withWorker({ activities: rec.activities }, async (h) => {
      const handle = await h.start({
        plan: plan('checklist', [
          manual('verify', { dashboards: 'Check the dashboards', 'tell-team': 'Tell the team', logs: 'Read the logs' }),
          activity('after', 'record', { name: 'after' }),
        ]),
      });
      const wf = handle.workflowId;
      await eventually(() => getStatus(h.client, wf), stepIs('verify', 'awaiting-checklist'), 'verify awaiting its checklist');

      const afterOne = await tick(h.client, wf, 'verify', 'dashboards', 'alice');
      expect(afterOne.checklist?.find((i) => i.id === 'dashboards')).toEqual({ id: 'dashboards', text: 'Check the dashboards', done: true, by: 'alice' });

      await expect(tick(h.client, wf, 'verify', 'coffee', 'alice')).rejects.toThrow(UpdateRejectedError);
      await expect(tick(h.client, wf, 'verify', 'coffee', 'alice')).rejects.toThrow('Step `verify` has no item `coffee` (items: dashboards, tell-team, logs)');
      await expect(tick(h.client, wf, 'verify', 'dashboards', 'bob')).rejects.toThrow('already done (by alice)');
      await expect(tick(h.client, wf, 'after', 'x', 'bob')).rejects.toThrow('not a manual step');

      await tick(h.client, wf, 'verify', 'tell-team', 'bob');
      const midway = await getStatus(h.client, wf);
      expect(midway.steps[0]?.state).toBe('awaiting-checklist');
      expect(rec.calls).toEqual([]);

      // Without an item, every open item is ticked.
      await tick(h.client, wf, 'verify', undefined, 'carol');
      const result = await handle.result();
      expect(rec.calls).toEqual(['after']);
      expect(result.steps[0]?.checklist?.map((i) => [i.id, i.by])).toEqual([
        ['dashboards', 'alice'],
        ['tell-team', 'bob'],
        ['logs', 'carol'],
      ]);
    });
  });

  it('fails the run when the checklist is not done before its timeout', async () => {
    await withWorker({}, async (h) => {
      const handle = await h.start({ plan: plan('checklist-timeout', [manual('verify', { a: 'A', b: 'B' }, { timeout: '2s' })]) });
      await eventually(() => getStatus(h.client, handle.workflowId), stepIs('verify', 'awaiting-checklist'), 'verify awaiting its checklist');
      await tick(h.client, handle.workflowId, 'verify', 'a', 'alice');
      const failure = await runFailure(handle);
      expect(failure.message).toContain('checklist not done within 2s (open: b)');
      expect(finalStatus(failure).steps[0]?.state).toBe('failed');
    });
  });
});
