/**
 * Who may approve, on the real dev server, with `--as` believed (`approvals.identity: asserted`):
 * the approver directory is the worker's configuration, never the starter's input, and it is
 * read again when the run is told to; no configured groups means nobody may approve; and
 * whoever started a run may not approve the steps that need a second person.
 * Signed identity has its own tests (test/approvals/signed-approvals.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { startPower } from '../../client/hardware-power.js';
import { approve, getStatus, refreshRunDirectory, UpdateRejectedError } from '../../client/runbooks.js';
import type { ActionStep } from '../../plan/types.js';
import { RUNBOOK_WORKFLOW, type RunbookInput } from '../../workflows/messages.js';
import { eventually, stepIs, withWorker } from '../support-interpreter/harness.js';
import { activity, approval, plan } from '../support-interpreter/plans.js';
import { recorder } from '../support-interpreter/recorder.js';

const gated = (id: string, extra: Parameters<typeof approval>[0] = {}) => plan(id, [activity('restart', 'record', { name: 'restart' }, { approval: approval(extra) })]);

/** A `hardware.power` step that records instead of calling a BMC. */
const powerStep = (): ActionStep => ({ ...activity('power', 'record', { name: 'power', host: 'who-host', state: 'off' }), action: 'hardware.power', approval: approval() });

describe('the approver directory', () => {
  it("comes from the worker's configuration: a directory in the run's input is ignored", async () => {
    const rec = recorder();
    await withWorker({ activities: rec.activities }, async (h) => {
      // A starter that goes around the client and names its own approvers.
      const input: RunbookInput = { plan: gated('planted'), params: {}, directory: { sre: ['mallory'] } };
      const handle = await h.client.workflow.start(RUNBOOK_WORKFLOW, { args: [input], taskQueue: h.taskQueue, workflowId: `planted-${Date.now().toString(36)}` });
      await eventually(() => getStatus(h.client, handle.workflowId), stepIs('restart', 'awaiting-approval'), 'restart awaiting approval');

      const refused = approve(h.client, handle.workflowId, 'restart', 'mallory');
      await expect(refused).rejects.toBeInstanceOf(UpdateRejectedError);
      await expect(refused).rejects.toThrow('`mallory` may not decide step `restart`: not a member of `sre`');
      await approve(h.client, handle.workflowId, 'restart', 'alice');
      expect((await handle.result()).state).toBe('succeeded');
      expect(rec.calls).toEqual(['restart']);
    });
  });

  it('is read again when the run is told to refresh it: a person added to the configuration can approve a waiting run', async () => {
    const rec = recorder();
    await withWorker({ activities: rec.activities }, async (h) => {
      const handle = await h.start({ plan: gated('refresh', { groups: ['dbas'] }) });
      await eventually(() => getStatus(h.client, handle.workflowId), stepIs('restart', 'awaiting-approval'), 'restart awaiting approval');
      await expect(approve(h.client, handle.workflowId, 'restart', 'dave')).rejects.toThrow('Nobody may decide step `restart`: `dbas` has no members in the approver directory');

      // The worker's configuration changes (as after an edit and a restart); the run is told.
      h.config.groups = { ...h.config.groups, dbas: ['dave'] };
      await refreshRunDirectory(h.client, handle.workflowId);
      await eventually(
        () => approve(h.client, handle.workflowId, 'restart', 'dave').then(() => 'approved', (err: unknown) => String(err)),
        (outcome) => outcome === 'approved',
        'dave may approve once the run read the new directory',
      );
      expect((await handle.result()).state).toBe('succeeded');
    });
  });
});

describe('a worker with no approver groups configured', () => {
  it('lets nobody approve, and says why', async () => {
    const rec = recorder();
    await withWorker({ activities: rec.activities, config: { groups: {} } }, async (h) => {
      const handle = await h.start({ plan: gated('nobody') });
      await eventually(() => getStatus(h.client, handle.workflowId), stepIs('restart', 'awaiting-approval'), 'restart awaiting approval');
      const refused = approve(h.client, handle.workflowId, 'restart', 'alice');
      await expect(refused).rejects.toMatchObject({ reason: 'NoApprovers' });
      await expect(refused).rejects.toThrow(
        "Nobody may decide step `restart`: the approver directory has no groups at all (`groups` of the worker's configuration is empty); add the approvers there and restart the worker",
      );
      expect((await getStatus(h.client, handle.workflowId)).steps[0]?.state).toBe('awaiting-approval');
      await handle.cancel();
    });
  });
});

describe('separation of duties', () => {
  it('whoever started a run may not approve its power step; another approver may', async () => {
    const rec = recorder();
    await withWorker({ activities: rec.activities }, async (h) => {
      const handle = await h.start({ plan: plan('self-power', [powerStep()]), startedBy: { by: 'alice' } });
      await eventually(() => getStatus(h.client, handle.workflowId), stepIs('power', 'awaiting-approval'), 'power awaiting approval');
      const refused = approve(h.client, handle.workflowId, 'power', 'alice');
      await expect(refused).rejects.toMatchObject({ reason: 'SelfApproval' });
      await expect(refused).rejects.toThrow('`alice` started this run and may not approve step `power` (`hardware.power` needs a second person): another member of its approver groups must');
      expect(rec.calls).toEqual([]);
      await approve(h.client, handle.workflowId, 'power', 'bob');
      expect((await handle.result()).state).toBe('succeeded');
      expect(rec.calls).toEqual(['power']);
    });
  });

  it('holds for an ordinary step with allowSelf: false; without it, the starter may approve their own step', async () => {
    const rec = recorder();
    await withWorker({ activities: rec.activities }, async (h) => {
      const strict = await h.start({ plan: gated('self-strict', { allowSelf: false }), startedBy: { by: 'bob' } });
      const relaxed = await h.start({ plan: gated('self-relaxed'), startedBy: { by: 'bob' } });
      for (const handle of [strict, relaxed]) await eventually(() => getStatus(h.client, handle.workflowId), stepIs('restart', 'awaiting-approval'), 'restart awaiting approval');
      await expect(approve(h.client, strict.workflowId, 'restart', 'bob')).rejects.toThrow("(its approval says `allowSelf: false`)");
      await approve(h.client, relaxed.workflowId, 'restart', 'bob');
      expect((await relaxed.result()).state).toBe('succeeded');
      await approve(h.client, strict.workflowId, 'restart', 'alice');
      expect((await strict.result()).state).toBe('succeeded');
    });
  });

  it('whoever asks for a power change (`hardware power`) may not approve it', async () => {
    await withWorker({}, async (h) => {
      const handle = await startPower(h.client, { host: 'drill-web-01', state: 'off', by: 'alice' }, { taskQueue: h.taskQueue });
      await eventually(() => getStatus(h.client, handle.workflowId), stepIs('power', 'awaiting-approval'), 'power awaiting approval');
      await expect(approve(h.client, handle.workflowId, 'power', 'alice')).rejects.toMatchObject({ reason: 'SelfApproval' });
      // Nothing reached a BMC: the run never got past its gate.
      await handle.cancel();
    });
  });
});
