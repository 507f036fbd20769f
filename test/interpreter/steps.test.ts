import { describe, expect, it } from 'vitest';
import { InvalidParamsError } from '../../client/runbooks.js';
import { RUNBOOK_WORKFLOW } from '../../workflows/messages.js';
import { finalStatus, runFailure, withWorker } from '../support-interpreter/harness.js';
import { activity, directory, param, plan, undo, wait } from '../support-interpreter/plans.js';
import { recorder } from '../support-interpreter/recorder.js';

const fastRetry = (maximumAttempts: number) => ({ maximumAttempts, initialInterval: '100ms', backoffCoefficient: 1 });

describe('step execution', () => {
  it('skips a step whose `when` is false and runs one whose `when` is true', async () => {
    const rec = recorder();
    await withWorker({ activities: rec.activities }, async (h) => {
      const handle = await h.start({
        plan: plan(
          'when',
          [
            activity('first', 'record', { name: '{{ params.env }}' }, { as: 'first' }),
            activity('prod-only', 'record', { name: 'prod-only' }, { when: "params.env == 'prod'" }),
            activity('staging-only', 'record', { name: 'staging-only' }, { when: "first == 'staging'" }),
          ],
          { params: [param('env', 'string', 'prod')] },
        ),
        params: { env: 'staging' },
      });
      const result = await handle.result();
      expect(rec.calls).toEqual(['staging', 'staging-only']);
      expect(result.steps.map((s) => s.state)).toEqual(['succeeded', 'skipped', 'succeeded']);
      expect(result.outputs).toEqual({ first: 'staging' });
    });
  });

  it('retries a failing activity and succeeds on a later attempt', async () => {
    const rec = recorder();
    await withWorker({ activities: rec.activities }, async (h) => {
      const handle = await h.start({
        plan: plan('retry', [activity('flaky', 'flaky', { name: 'flaky', failures: 2 }, { as: 'out', retry: fastRetry(3) })]),
      });
      const result = await handle.result();
      expect(rec.calls).toEqual(['flaky#1', 'flaky#2', 'flaky#3']);
      expect(result.outputs['out']).toBe('flaky ok after 3');
    });
  });

  it('when retries are exhausted, runs the compensations newest-first and fails the run', async () => {
    const rec = recorder();
    await withWorker({ activities: rec.activities }, async (h) => {
      const handle = await h.start({
        plan: plan('saga', [
          activity('one', 'record', { name: 'one' }, { as: 'one', compensate: undo('record', { name: 'undo {{ one }}' }) }),
          activity('no-undo', 'record', { name: 'no-undo' }),
          activity('two', 'record', { name: 'two' }, { compensate: undo('record', { name: 'undo two' }) }),
          activity('broken', 'flaky', { name: 'broken', failures: 99 }, { retry: fastRetry(2) }),
          activity('never', 'record', { name: 'never' }),
        ]),
      });
      const failure = await runFailure(handle);
      expect(rec.calls).toEqual(['one', 'no-undo', 'two', 'broken#1', 'broken#2', 'undo two', 'undo one']);
      expect(failure.type).toBe('RunbookFailed');
      expect(failure.nonRetryable).toBe(true);
      expect(failure.message).toBe('Step `broken` failed: Error: broken failed on attempt 2');
      const final = finalStatus(failure);
      expect(final.steps.map((s) => [s.id, s.state])).toEqual([
        ['one', 'compensated'],
        ['no-undo', 'succeeded'],
        ['two', 'compensated'],
        ['broken', 'failed'],
        ['never', 'pending'],
      ]);
      expect(final.steps[3]?.error).toBe('Error: broken failed on attempt 2');
    });
  });

  it('keeps compensating when one compensation fails, and records why', async () => {
    const rec = recorder();
    await withWorker({ activities: rec.activities }, async (h) => {
      const handle = await h.start({
        plan: plan('saga-undo-fails', [
          activity('one', 'record', { name: 'one' }, { compensate: undo('record', { name: 'undo one' }) }),
          activity('two', 'record', { name: 'two' }, { compensate: { ...undo('flaky', { name: 'undo two', failures: 99 }) } }),
          activity('broken', 'flaky', { name: 'broken', failures: 99 }, { retry: fastRetry(1) }),
        ]),
      });
      const final = finalStatus(await runFailure(handle));
      expect(rec.calls.filter((c) => c.startsWith('undo'))).toEqual(['undo two#1', 'undo two#2', 'undo two#3', 'undo one']);
      expect(final.steps[1]).toMatchObject({ state: 'succeeded', error: expect.stringContaining('compensation failed') as string });
      expect(final.steps[0]?.state).toBe('compensated');
    });
  });

  it('runs a durable timer step', async () => {
    const rec = recorder();
    await withWorker({ activities: rec.activities }, async (h) => {
      const handle = await h.start({ plan: plan('timer', [wait('pause', '1s'), activity('after', 'record', { name: 'after' })]) });
      const result = await handle.result();
      expect(result.steps.map((s) => s.state)).toEqual(['succeeded', 'succeeded']);
      const history = await handle.fetchHistory();
      expect((history.events ?? []).some((e) => e.timerStartedEventAttributes)).toBe(true);
    });
  });

  it('fails fast, before any step, when a required parameter is missing', async () => {
    const rec = recorder();
    await withWorker({ activities: rec.activities }, async (h) => {
      const p = plan('params', [activity('a', 'record', { name: '{{ params.host }}' })], {
        params: [param('host', 'string'), param('replicas', 'number', 2)],
      });
      // The client helper refuses before starting anything…
      await expect(h.start({ plan: p, params: { replicas: 'three' as unknown as number } })).rejects.toThrow(InvalidParamsError);
      await expect(h.start({ plan: p })).rejects.toThrow('`host` (string) is required and has no default');
      // …and the workflow refuses too when started without the helper.
      const handle = await h.client.workflow.start(RUNBOOK_WORKFLOW, {
        taskQueue: h.taskQueue,
        workflowId: `params-${Date.now()}`,
        args: [{ plan: p, params: {}, directory }],
      });
      const failure = await runFailure(handle);
      expect(failure.type).toBe('InvalidParams');
      expect(failure.message).toContain('`host` (string) is required and has no default');
      expect(rec.calls).toEqual([]);
    });
  });
});
