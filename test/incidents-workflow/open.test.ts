/** An alert opens an incident (status message once, on-call paged); repeats join it. */
import { describe, expect, it } from 'vitest';
import { useIncidentWorker } from './harness.js';
import { alertFor, fire, incidentWhen, kinds, SLOW_ESCALATION, testPolicy, uniqueService } from './incidents.js';

const h = useIncidentWorker('incident-open');

/**
 * Tier 1 acknowledges within an hour here: these tests are about opening, and the default test
 * policy's 2 s escalated the incident before a loaded machine read it (a fresh-clone CI run).
 */
const slow = testPolicy(SLOW_ESCALATION);

describe('incident workflow: opening', () => {
  it('opens an incident from one alert: status message posted once, on-call paged, opened and paged on the timeline', async () => {
    const service = uniqueService();
    const id = await fire(h, alertFor(service), slow);
    const s = await incidentWhen(h, id, (x) => x.chat !== undefined && kinds(x).includes('paged'), 'opened and posted');
    expect(s).toMatchObject({ id, service, severity: 'critical', state: 'triggered', alertCount: 1, tier: 0, paged: ['alice'] });
    expect(s.title).toBe('HighErrorRate: error rate above 5%');
    expect(kinds(s).slice(0, 2)).toEqual(['opened', 'paged']);
    expect(s.timeline.find((e) => e.kind === 'paged')?.mention).toEqual(['alice']);

    const posted = h.chat.statusMessages(id);
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatchObject({ channel: '#incidents-test', ts: s.chat!.ts });
    // The thread tells the story: who was paged, mentioned.
    await incidentWhen(h, id, () => h.chat.thread(s.chat!.ts).some((m) => /paged/.test(m.text) && m.text.includes('alice')), 'paged reply in the thread');

    const opened = await h.events(service);
    expect(opened.map((e) => `${e.type} ${e.actor}`)).toContain('incident.opened swaybot');
  });

  it('joins 20 repeats of the same alert into one incident with one status message, updated in place', async () => {
    const service = uniqueService();
    const alert = alertFor(service, { dedupeKey: 'storm' });
    const ids = new Set<string>();
    for (let i = 0; i < 20; i++) ids.add(await fire(h, alert, slow));
    expect(ids.size).toBe(1);
    const [id] = [...ids] as [string];
    const s = await incidentWhen(h, id, (x) => x.alertCount === 20, '20 alerts counted');
    expect(s.reopenCount).toBe(0);
    // One timeline line for the run of repeats, its count current.
    expect(kinds(s).filter((k) => k === 'alert-repeated')).toHaveLength(1);
    expect(s.timeline.find((e) => e.kind === 'alert-repeated')?.text).toMatch(/20 alerts/);

    await incidentWhen(h, id, () => h.chat.updatesOf(s.chat!.ts).some((u) => /\*Alerts\*\\n20\b/.test(JSON.stringify(u.blocks))), 'status message updated with 20 alerts');
    expect(h.chat.statusMessages(id)).toHaveLength(1);
    // Repeats are counted in the status message, not replied one by one.
    expect(h.chat.thread(s.chat!.ts).filter((m) => /fired again/.test(m.text))).toHaveLength(0);
  });
});
