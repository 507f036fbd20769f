/**
 * Runbook selection: the runbook whose `match` fits the incident's labels runs as its child;
 * the gate it waits on shows in the incident, approvals and ticks go through the incident.
 */
import { describe, expect, it } from 'vitest';
import { decideIncidentStep, resolveIncident, tickIncidentStep } from '../../client/incident-actions.js';
import { status as runbookStatus } from '../../workflows/messages.js';
import { useIncidentWorker } from './harness.js';
import { acceptedUpdates } from './history.js';
import { alertFor, eventually, fire, incidentWhen, kinds, testPolicy, uniqueService } from './incidents.js';

const h = useIncidentWorker('incident-runbook');

const diskFull = (service: string) => alertFor(service, { name: 'DiskFull', labels: { alertname: 'DiskFull', service, severity: 'critical' } });

describe('incident workflow: runbook', () => {
  it('runs the matching runbook as its child; its gate shows in the incident; an approver’s decision goes through, a stranger’s is refused', async () => {
    const service = uniqueService();
    const id = await fire(h, diskFull(service));
    const waiting = await incidentWhen(h, id, (s) => s.runbook?.pendingStep?.id === 'clean-up', 'runbook waiting on clean-up');
    expect(waiting.runbook).toMatchObject({
      id: 'disk-full',
      title: 'Disk full',
      workflowId: `${id}.runbook`,
      pendingStep: { id: 'clean-up', state: 'awaiting-approval', approvers: ['sre'], prompt: 'Delete old logs?' },
    });
    expect(kinds(waiting)).toContain('runbook-selected');
    const child = await h.client.workflow.getHandle(`${id}.runbook`).describe();
    expect(child.parentExecution?.workflowId).toBe(id);

    // carol may act on incidents but is not in `sre`: refused, and nothing lands in history.
    await expect(decideIncidentStep(h.client, id, 'clean-up', 'approve', 'carol')).rejects.toMatchObject({ name: 'IncidentRefusedError', reason: 'NotAnApprover' });
    await expect(decideIncidentStep(h.client, id, 'clean-up', 'approve', 'mallory')).rejects.toMatchObject({ reason: 'NotAnApprover' });
    expect(await acceptedUpdates(h.client, id)).toEqual([]);

    const step = await decideIncidentStep(h.client, id, 'clean-up', 'approve', 'bob', 'old logs only');
    expect(step).toMatchObject({ id: 'clean-up', decision: { decision: 'approve', by: 'bob', reason: 'old logs only' } });
    expect(await acceptedUpdates(h.client, id)).toEqual(['incidentDecide']);

    // The run moves on to its checklist; approving acknowledged the incident.
    const confirming = await incidentWhen(h, id, (s) => s.runbook?.pendingStep?.id === 'confirm', 'runbook at its checklist');
    expect(confirming).toMatchObject({ acknowledgedBy: 'bob', state: 'mitigating' });
    expect(confirming.timeline.find((e) => e.kind === 'approval')).toMatchObject({ by: 'bob', text: 'approved `clean-up`: old logs only' });
    const run = await h.client.workflow.getHandle(`${id}.runbook`).query(runbookStatus);
    expect(run.steps.find((s) => s.id === 'clean-up')?.state).toBe('succeeded');

    await tickIncidentStep(h.client, id, 'confirm', undefined, 'alice');
    // Once the run is over the incident is acknowledged, no longer mitigating.
    const done = await incidentWhen(h, id, (s) => s.runbook?.state === 'succeeded' && s.state === 'acknowledged', 'runbook succeeded');
    expect(done.runbook?.pendingStep).toBeUndefined();
    expect(done.timeline.find((e) => e.kind === 'runbook-finished')?.text).toMatch(/`disk-full` succeeded/);
  });

  it('refuses an approval for a step the run does not wait on', async () => {
    const service = uniqueService();
    const id = await fire(h, diskFull(service));
    await incidentWhen(h, id, (s) => s.runbook?.pendingStep?.id === 'clean-up', 'runbook waiting on clean-up');
    await expect(decideIncidentStep(h.client, id, 'look', 'approve', 'alice')).rejects.toMatchObject({ reason: 'NotAwaitingApproval' });
    await expect(tickIncidentStep(h.client, id, 'clean-up', undefined, 'alice')).rejects.toMatchObject({ reason: 'NotAwaitingChecklist' });
    expect(await acceptedUpdates(h.client, id)).toEqual([]);
  });

  it('notes `runbook-none` when no runbook matches the labels', async () => {
    const service = uniqueService();
    const id = await fire(h, alertFor(service, { name: 'Nothing', labels: { alertname: 'NothingMatchesThis', service } }));
    const s = await incidentWhen(h, id, (x) => kinds(x).includes('runbook-none'), 'runbook-none');
    expect(s.runbook).toBeUndefined();
    await expect(decideIncidentStep(h.client, id, 'any', 'approve', 'alice')).rejects.toMatchObject({ reason: 'NoRunbook' });
    await expect(h.client.workflow.getHandle(`${id}.runbook`).describe()).rejects.toThrow();
  });

  it('cancels the run when the incident is resolved, and says so on the timeline and in the thread', async () => {
    const service = uniqueService();
    const id = await fire(h, diskFull(service), testPolicy({ reopenWindow: '1h' }));
    await incidentWhen(h, id, (s) => s.runbook?.pendingStep?.id === 'clean-up', 'runbook waiting on clean-up');
    await resolveIncident(h.client, id, 'alice', 'fixed by hand');
    await incidentWhen(h, id, (s) => s.state === 'resolved', 'resolved');
    const child = h.client.workflow.getHandle(`${id}.runbook`);
    await eventually(() => child.describe(), (d) => d.status.name === 'CANCELLED', 'run cancelled');
    const s = await incidentWhen(h, id, (x) => x.runbook?.state === 'cancelled', 'the incident knows its run was cancelled');
    expect(s.timeline.find((e) => e.kind === 'runbook-finished')?.text).toMatch(/`disk-full` cancelled/);
    await eventually(async () => h.chat.thread(s.chat!.ts), (m) => m.some((x) => /`disk-full` cancelled/.test(x.text)), 'the cancelled run in the thread', 10_000);
  });
});
