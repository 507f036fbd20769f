import { describe, expect, it } from 'vitest';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { approve, getStatus, reject } from '../../client/runbooks.js';
import type { RunbookStatus } from '../../workflows/messages.js';
import { eventually, withWorker } from '../support-interpreter/harness.js';
import { activity, approval, plan, undo } from '../support-interpreter/plans.js';

/** Activities that record what ran, in order. */
function recorder() {
  const calls: string[] = [];
  return {
    calls,
    activities: {
      async record(args: { name: string }): Promise<string> {
        calls.push(args.name);
        return args.name;
      },
    },
  };
}

const awaiting = (step: string) => (s: RunbookStatus) => s.steps.find((x) => x.id === step)?.state === 'awaiting-approval';

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
      await eventually(() => getStatus(h.client, handle.workflowId), awaiting('restart'), 'restart awaiting approval');
      expect(rec.calls).toEqual(['before']);

      const step = await approve(h.client, handle.workflowId, 'restart', 'alice', 'looks safe');
      expect(step.decision).toEqual({ decision: 'approve', by: 'alice', reason: 'looks safe' });

      const result = await handle.result();
      expect(result.state).toBe('succeeded');
      expect(rec.calls).toEqual(['before', 'restart']);
      expect(result.steps.map((s) => [s.id, s.state])).toEqual([
        ['before', 'succeeded'],
        ['restart', 'succeeded'],
      ]);
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
      await eventually(() => getStatus(h.client, handle.workflowId), awaiting('restart'), 'restart awaiting approval');
      await reject(h.client, handle.workflowId, 'restart', 'bob', 'not now');

      const err = await handle.result().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(WorkflowFailedError);
      const cause = (err as WorkflowFailedError).cause;
      expect(cause).toBeInstanceOf(ApplicationFailure);
      expect((cause as ApplicationFailure).type).toBe('RunbookFailed');
      expect((cause as ApplicationFailure).message).toContain('rejected by bob: not now');
      expect(rec.calls).toEqual(['drain', 'undrain']);

      const final = (cause as ApplicationFailure).details?.[0] as RunbookStatus;
      expect(final.state).toBe('failed');
      expect(final.steps.map((s) => [s.id, s.state])).toEqual([
        ['drain', 'compensated'],
        ['restart', 'failed'],
      ]);
      expect(final.steps[1]?.decision).toEqual({ decision: 'reject', by: 'bob', reason: 'not now' });
    });
  });
});
