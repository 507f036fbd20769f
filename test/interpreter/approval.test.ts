import { describe, expect, it } from 'vitest';
import { approve, getStatus, reject, UpdateRejectedError } from '../../client/runbooks.js';
import type { ApprovalOutcome } from '../../plan/types.js';
import { RunbookStateKey, RunbookStepKey } from '../../workflows/messages.js';
import { eventually, finalStatus, runFailure, stepIs, withWorker } from '../support-interpreter/harness.js';
import { activity, approval, plan, undo } from '../support-interpreter/plans.js';
import { recorder } from '../support-interpreter/recorder.js';

describe('approval gates', () => {
  it('waits for an approver, then runs the gated step', async () => {
    const rec = recorder();
    await withWorker({ activities: rec.activities }, async (h) => {
      const handle = await h.start({
        plan: plan('approve', [
          activity('before', 'record', { name: 'before' }),
          activity('restart', 'record', { name: 'restart' }, { approval: approval() }),
        ]),
      });
      await eventually(() => getStatus(h.client, handle.workflowId), stepIs('restart', 'awaiting-approval'), 'restart awaiting approval');
      expect(rec.calls).toEqual(['before']);

      const step = await approve(h.client, handle.workflowId, 'restart', 'alice', 'looks safe');
      expect(step.decision).toEqual({ decision: 'approve', by: 'alice', reason: 'looks safe', identity: 'asserted' });

      const result = await handle.result();
      expect(result.state).toBe('succeeded');
      expect(rec.calls).toEqual(['before', 'restart']);
      expect(result.steps.map((s) => [s.id, s.state])).toEqual([
        ['before', 'succeeded'],
        ['restart', 'succeeded'],
      ]);
      const desc = await handle.describe();
      expect(desc.typedSearchAttributes.get(RunbookStateKey)).toBe('succeeded');
      expect(desc.typedSearchAttributes.get(RunbookStepKey)).toBeUndefined();
    });
  });

  it('on reject with onReject fail, compensates the earlier steps and fails the run', async () => {
    const rec = recorder();
    await withWorker({ activities: rec.activities }, async (h) => {
      const handle = await h.start({
        plan: plan('reject-fail', [
          activity('drain', 'record', { name: 'drain' }, { compensate: undo('record', { name: 'undrain' }) }),
          activity('restart', 'record', { name: 'restart' }, { approval: approval({ onReject: 'fail' }) }),
        ]),
      });
      await eventually(() => getStatus(h.client, handle.workflowId), stepIs('restart', 'awaiting-approval'), 'restart awaiting approval');
      await reject(h.client, handle.workflowId, 'restart', 'bob', 'not now');

      const failure = await runFailure(handle);
      expect(failure.type).toBe('RunbookFailed');
      expect(failure.message).toContain('rejected by bob: not now');
      expect(rec.calls).toEqual(['drain', 'undrain']);
      const final = finalStatus(failure);
      expect(final.state).toBe('failed');
      const desc = await handle.describe();
      expect([desc.typedSearchAttributes.get(RunbookStateKey), desc.typedSearchAttributes.get(RunbookStepKey)]).toEqual(['failed', 'restart']);
      expect(final.steps.map((s) => [s.id, s.state])).toEqual([
        ['drain', 'compensated'],
        ['restart', 'failed'],
      ]);
      expect(final.steps[1]?.decision).toEqual({ decision: 'reject', by: 'bob', reason: 'not now', identity: 'asserted' });
    });
  });

  it('on reject with onReject skip, skips the step and carries on', async () => {
    const rec = recorder();
    await withWorker({ activities: rec.activities }, async (h) => {
      const handle = await h.start({
        plan: plan('reject-skip', [
          activity('restart', 'record', { name: 'restart' }, { approval: approval({ onReject: 'skip' }) }),
          activity('after', 'record', { name: 'after' }),
        ]),
      });
      await eventually(() => getStatus(h.client, handle.workflowId), stepIs('restart', 'awaiting-approval'), 'restart awaiting approval');
      await reject(h.client, handle.workflowId, 'restart', 'bob');
      const result = await handle.result();
      expect(result.state).toBe('succeeded');
      expect(rec.calls).toEqual(['after']);
      expect(result.steps.map((s) => s.state)).toEqual(['skipped', 'succeeded']);
      expect(result.steps[0]?.decision).toEqual({ decision: 'reject', by: 'bob', identity: 'asserted' });
    });
  });

  const timeoutCases: [ApprovalOutcome, string][] = [
    ['approve', 'runs the step'],
    ['skip', 'skips the step'],
    ['fail', 'fails the run'],
  ];
  for (const [onTimeout, what] of timeoutCases) {
    it(`when nobody decides within 2s and onTimeout is ${onTimeout}, ${what}`, async () => {
      const rec = recorder();
      await withWorker({ activities: rec.activities }, async (h) => {
        const handle = await h.start({
          plan: plan(`timeout-${onTimeout}`, [
            activity('gated', 'record', { name: 'gated' }, { approval: approval({ timeout: '2s', onTimeout }) }),
            activity('after', 'record', { name: 'after' }),
          ]),
        });
        if (onTimeout === 'fail') {
          const failure = await runFailure(handle);
          expect(failure.message).toContain('approval timed out after 2s');
          expect(finalStatus(failure).steps[0]).toMatchObject({ state: 'failed', decision: { decision: 'timeout' } });
          expect(rec.calls).toEqual([]);
          return;
        }
        const result = await handle.result();
        expect(result.steps[0]?.decision).toEqual({ decision: 'timeout' });
        expect(result.steps[0]?.state).toBe(onTimeout === 'approve' ? 'succeeded' : 'skipped');
        expect(rec.calls).toEqual(onTimeout === 'approve' ? ['gated', 'after'] : ['after']);
      });
    });
  }

  it('refuses a decision from someone outside the approver groups; the run keeps waiting', async () => {
    const rec = recorder();
    await withWorker({ activities: rec.activities }, async (h) => {
      const handle = await h.start({
        plan: plan('unauthorised', [activity('restart', 'record', { name: 'restart' }, { approval: approval({ groups: ['incident-commanders'] }) })]),
      });
      await eventually(() => getStatus(h.client, handle.workflowId), stepIs('restart', 'awaiting-approval'), 'restart awaiting approval');

      const refused = approve(h.client, handle.workflowId, 'restart', 'mallory');
      await expect(refused).rejects.toBeInstanceOf(UpdateRejectedError);
      await expect(refused).rejects.toThrow('`mallory` may not decide step `restart`: not a member of `incident-commanders`');
      // alice is an approver, but not in this step's group.
      await expect(approve(h.client, handle.workflowId, 'restart', 'alice')).rejects.toThrow('not a member of `incident-commanders`');
      await expect(approve(h.client, handle.workflowId, 'nope', 'carol')).rejects.toThrow('Unknown step "nope"');

      const waiting = await getStatus(h.client, handle.workflowId);
      expect(waiting.steps[0]).toMatchObject({ state: 'awaiting-approval' });
      expect(waiting.steps[0]?.decision).toBeUndefined();
      expect(rec.calls).toEqual([]);

      // Rejected updates leave nothing in history.
      const history = await handle.fetchHistory();
      const accepted = (history.events ?? []).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
      expect(accepted).toHaveLength(0);

      await approve(h.client, handle.workflowId, 'restart', 'carol');
      expect((await handle.result()).state).toBe('succeeded');
      expect(rec.calls).toEqual(['restart']);
      const after = await handle.fetchHistory();
      expect((after.events ?? []).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes)).toHaveLength(1);
      await expect(approve(h.client, handle.workflowId, 'restart', 'carol')).rejects.toThrow();
    });
  });
});
