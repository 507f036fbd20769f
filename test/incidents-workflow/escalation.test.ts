/** Escalation: no acknowledgement by a tier's deadline pages the next tier; an acknowledgement stops it. */
import { describe, expect, it } from 'vitest';
import { acknowledgeIncident, escalateIncident } from '../../client/incident-actions.js';
import { useIncidentWorker } from './harness.js';
import { alertFor, eventually, fire, incidentWhen, kinds, staysTrue, testPolicy, uniqueService } from './incidents.js';

const h = useIncidentWorker('incident-escalation');

const eventsOf = async (service: string, type: string) => (await h.events(service)).filter((e) => e.type === type);
const waitForEvent = (service: string, type: string) => eventually(() => eventsOf(service, type), (e) => e.length > 0, `${type} in the ledger`);

describe('incident workflow: escalation', () => {
  it('pages tier 2 when nobody acknowledges within tier 1’s ackWithin', async () => {
    const service = uniqueService();
    const id = await fire(h, alertFor(service));
    const opened = await incidentWhen(h, id, (s) => kinds(s).includes('paged'), 'tier 1 paged');
    expect(opened).toMatchObject({ tier: 0, paged: ['alice'], state: 'triggered' });

    const s = await incidentWhen(h, id, (x) => kinds(x).includes('escalated'), 'escalated to tier 2', 20_000);
    expect(s).toMatchObject({ tier: 1, paged: ['carol'], state: 'escalated' });
    const pages = s.timeline.filter((e) => e.kind === 'paged');
    expect(pages.map((e) => e.mention)).toEqual([['alice'], ['carol']]);
    expect(s.timeline.find((e) => e.kind === 'escalated')?.text).toMatch(/not acknowledged within 2s/);
    expect(kinds(s).indexOf('escalated')).toBeLessThan(kinds(s).lastIndexOf('paged'));

    const events = await waitForEvent(service, 'incident.escalated');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor: 'swaybot', payload: { incident: id, tier: 1 } });
  });

  it('pages nobody else once tier 1 acknowledges before its deadline', async () => {
    const service = uniqueService();
    const id = await fire(h, alertFor(service));
    await incidentWhen(h, id, (s) => kinds(s).includes('paged'), 'tier 1 paged');
    const acked = await acknowledgeIncident(h.client, id, 'alice', 'looking');
    expect(acked).toMatchObject({ acknowledgedBy: 'alice' });
    expect(acked.mttaMs).toBeGreaterThanOrEqual(0);
    await incidentWhen(h, id, (x) => x.state === 'acknowledged', 'state acknowledged');

    // Past tier 1's 2 s deadline, with a margin: still tier 1, acknowledged, nobody else paged.
    const s = await staysTrue(h, id, (x) => x.tier === 0 && !kinds(x).includes('escalated'), 'no escalation', 3500);
    expect(s).toMatchObject({ state: 'acknowledged', paged: ['alice'], acknowledgedBy: 'alice' });
    expect(kinds(s).filter((k) => k === 'paged')).toHaveLength(1);
    expect(s.timeline.find((e) => e.kind === 'acknowledged')).toMatchObject({ by: 'alice', text: 'acknowledged: looking' });
    expect(await eventsOf(service, 'incident.escalated')).toEqual([]);
    await waitForEvent(service, 'incident.acknowledged');
  });

  it('answers an acknowledgement with the incident as it is now: acknowledged', async () => {
    const service = uniqueService();
    const id = await fire(h, alertFor(service));
    await incidentWhen(h, id, (s) => kinds(s).includes('paged'), 'tier 1 paged');
    const acked = await acknowledgeIncident(h.client, id, 'alice');
    expect(acked.state).toBe('acknowledged');
  });

  it('escalates by hand and refuses to go past the last tier', async () => {
    const service = uniqueService();
    const id = await fire(h, alertFor(service), testPolicy({ escalations: { default: { tiers: [{ name: 'on-call', page: ['alice'], ackWithin: '1h' }, { name: 'commander', page: ['carol'], ackWithin: '1h' }], repeat: 0 } } }));
    await incidentWhen(h, id, (s) => kinds(s).includes('paged'), 'tier 1 paged');
    const s = await escalateIncident(h.client, id, 'bob', 'need help');
    expect(s).toMatchObject({ tier: 1, paged: ['carol'] });
    expect(s.timeline.find((e) => e.kind === 'escalated')).toMatchObject({ by: 'bob', text: 'escalated: need help' });
    await expect(escalateIncident(h.client, id, 'bob')).rejects.toMatchObject({ name: 'IncidentRefusedError', reason: 'NoHigherTier' });
  });
});
