/** Reopening: a firing alert within the reopen window reopens; after the window the incident ends with its final status. */
import { describe, expect, it } from 'vitest';
import { acknowledgeIncident, getIncident, resolveIncident } from '../../client/incident-actions.js';
import type { IncidentStatus } from '../../incidents/types.js';
import { useIncidentWorker } from './harness.js';
import { alertFor, eventually, fire, incidentWhen, kinds, SLOW_ESCALATION, testPolicy, uniqueService } from './incidents.js';

const h = useIncidentWorker('incident-reopen');

describe('incident workflow: reopening', () => {
  it('reopens on a firing alert within the reopen window', async () => {
    const service = uniqueService();
    // A long reopen window for the first resolution, so the second alert surely lands in it.
    const id = await fire(h, alertFor(service), testPolicy({ reopenWindow: '1h', ...SLOW_ESCALATION }));
    await incidentWhen(h, id, (s) => kinds(s).includes('paged'), 'paged');
    await acknowledgeIncident(h.client, id, 'alice');
    await resolveIncident(h.client, id, 'alice');
    await incidentWhen(h, id, (s) => s.state === 'resolved', 'resolved');

    await fire(h, alertFor(service));
    const reopened = await incidentWhen(h, id, (s) => s.reopenCount === 1 && s.state !== 'resolved', 'reopened');
    expect(reopened).toMatchObject({ state: 'triggered', alertCount: 2, paged: ['alice'] });
    expect(reopened.acknowledgedAt).toBeUndefined();
    expect(reopened.resolvedAt).toBeUndefined();
    expect(kinds(reopened).slice(-2)).toEqual(['reopened', 'paged']);
    const events = await eventually(() => h.events(service), (e) => e.some((x) => x.type === 'incident.reopened'), 'incident.reopened in the ledger');
    expect(events.find((e) => e.type === 'incident.reopened')?.payload).toMatchObject({ incident: id, reopenCount: 1 });
  });

  it('ends after the reopen window with no alert: its result is the final status', async () => {
    const service = uniqueService();
    const id = await fire(h, alertFor(service), testPolicy(SLOW_ESCALATION));
    await incidentWhen(h, id, (s) => kinds(s).includes('paged'), 'paged');
    await resolveIncident(h.client, id, 'bob', 'transient');
    const last = await incidentWhen(h, id, (s) => s.state === 'resolved' && s.postmortem !== undefined, 'resolved');

    const result = (await h.client.workflow.getHandle(id).result()) as IncidentStatus;
    expect(result).toMatchObject({ id, state: 'resolved', resolvedBy: 'bob', reopenCount: 0, postmortem: last.postmortem });
    expect(result.timeline).toEqual(last.timeline);
    // The incident is over: reading it gives the result, and a new alert opens a new incident on the same id.
    expect(await getIncident(h.client, id)).toEqual(result);
    await fire(h, alertFor(service), testPolicy(SLOW_ESCALATION));
    const fresh = await incidentWhen(h, id, (s) => kinds(s).includes('paged'), 'a new incident');
    expect(fresh).toMatchObject({ reopenCount: 0, alertCount: 1, state: 'triggered' });
    expect(fresh.openedAt > result.resolvedAt!).toBe(true);
  });
});
