/**
 * Gated actions are enforced where they run, not only by the compiler: a plan made by hand
 * (the starter's input) that calls `hardware.power` without an approval, only `unattended`, or
 * behind an approval that passes on its own, is refused before the action runs. The test
 * activity `record` stands in for the BMC; the step's action name is what the gate reads.
 */
import { describe, expect, it } from 'vitest';
import { approve, getStatus } from '../../client/runbooks.js';
import type { ActionCall, ActionStep } from '../../plan/types.js';
import { eventually, finalStatus, runFailure, stepIs, withWorker } from '../support-interpreter/harness.js';
import { activity, approval, plan } from '../support-interpreter/plans.js';
import { recorder } from '../support-interpreter/recorder.js';

const HOST = 'gate-host-1';

/** A `hardware.power` step that records instead of calling a BMC. */
function power(id: string, host: string, extra: Partial<ActionStep> = {}): ActionStep {
  return { ...activity(id, 'record', { name: id, host, state: 'cycle' }), action: 'hardware.power', ...extra };
}

describe('gated actions at run time', () => {
  it('refuses hardware.power in a hand-made plan without an approval; nothing reaches the BMC', async () => {
    const rec = recorder();
    await withWorker({ activities: rec.activities }, async (h) => {
      const handle = await h.start({ plan: plan('gate-none', [activity('before', 'record', { name: 'before' }), power('power', HOST)]) });
      const failure = await runFailure(handle);
      expect(failure.message).toContain("refused to run `hardware.power` without a person's approval in this run: the step has no approval gate");
      expect(rec.calls).toEqual(['before']);
      expect(finalStatus(failure).steps.map((s) => [s.id, s.state])).toEqual([['before', 'succeeded'], ['power', 'failed']]);
    });
  });

  it('refuses an unattended power step unless a person approved a change of the same host earlier in the run', async () => {
    const rec = recorder();
    await withWorker({ activities: rec.activities }, async (h) => {
      const alone = await h.start({ plan: plan('gate-unattended', [power('on', HOST, { unattended: 'idempotent' })]) });
      expect((await runFailure(alone)).message).toContain('it is unattended (idempotent), and no approved change of `gate-host-1` came before it in this run');

      // The shipped power-cycle runbook's shape: an approved cycle, then an unattended "make sure it is on".
      const handle = await h.start({
        plan: plan('gate-after-approval', [
          power('cycle', HOST, { approval: approval() }),
          power('on', HOST, { unattended: 'idempotent' }),
          power('other', 'gate-host-2', { unattended: 'not the approved host' }),
        ]),
      });
      await eventually(() => getStatus(h.client, handle.workflowId), stepIs('cycle', 'awaiting-approval'), 'cycle awaiting approval');
      await approve(h.client, handle.workflowId, 'cycle', 'alice');
      const failure = await runFailure(handle);
      expect(failure.message).toContain('Step `other` failed: refused to run `hardware.power`');
      expect(rec.calls).toEqual(['cycle', 'on']);
    });
  });

  it('refuses a gated action whose approval passed on timeout (onTimeout: approve)', async () => {
    const rec = recorder();
    await withWorker({ activities: rec.activities }, async (h) => {
      const handle = await h.start({ plan: plan('gate-timeout', [power('power', HOST, { approval: approval({ timeout: '1s', onTimeout: 'approve' }) })]) });
      const failure = await runFailure(handle);
      expect(failure.message).toContain('its approval passed without a person deciding');
      expect(rec.calls).toEqual([]);
    });
  });

  it('does not run a gated undo that no approval covers', async () => {
    const rec = recorder();
    const undoPower: ActionCall = { action: 'hardware.power', runner: { kind: 'activity', activity: 'record' }, with: { name: 'undo-power', host: HOST, state: 'on' } };
    await withWorker({ activities: rec.activities }, async (h) => {
      const handle = await h.start({
        plan: plan('gate-undo', [activity('drain', 'record', { name: 'drain' }, { compensate: undoPower }), activity('boom', 'flaky', { name: 'boom', failures: 5 }, { retry: { maximumAttempts: 1, initialInterval: '1s', backoffCoefficient: 1 } })]),
      });
      const failure = await runFailure(handle);
      const drain = finalStatus(failure).steps.find((s) => s.id === 'drain');
      expect(drain?.error).toContain("compensation failed: refused to run `hardware.power` without a person's approval in this run");
      expect(rec.calls).toEqual(['drain', 'boom#1']);
    });
  });
});
