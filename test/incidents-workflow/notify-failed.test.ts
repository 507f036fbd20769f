/** A chat that fails for good (Slack's `channel_not_found`) costs the incident its messages, nothing else. */
import { describe, expect, it } from 'vitest';
import { acknowledgeIncident, resolveIncident } from '../../client/incident-actions.js';
import { useIncidentWorker } from './harness.js';
import { alertFor, fire, incidentWhen, kinds, testPolicy, uniqueService } from './incidents.js';

const h = useIncidentWorker('incident-notify');

describe('incident workflow: chat failures', () => {
  it('goes on when the channel does not exist: notify-failed on the timeline, paging and acting still work', async () => {
    h.chat.gone.add('#gone');
    const service = uniqueService();
    const id = await fire(h, alertFor(service), testPolicy({ channel: '#gone' }));
    const s = await incidentWhen(h, id, (x) => kinds(x).includes('notify-failed') && kinds(x).includes('paged'), 'notify-failed and paged');
    expect(s.chat).toBeUndefined();
    expect(s.chatErrors).toBe(1);
    expect(s.paged).toEqual(['alice']);
    expect(s.timeline.find((e) => e.kind === 'notify-failed')?.text).toMatch(/channel_not_found/);

    await acknowledgeIncident(h.client, id, 'alice');
    await resolveIncident(h.client, id, 'alice');
    const done = await incidentWhen(h, id, (x) => x.state === 'resolved' && x.postmortem !== undefined, 'resolved');
    // Chat was given up after the first failure: one failure, one timeline entry.
    expect(done.chatErrors).toBe(1);
    expect(kinds(done).filter((k) => k === 'notify-failed')).toHaveLength(1);
    expect(h.chat.messages.filter((m) => m.key.startsWith(`${id}/`))).toEqual([]);
    const events = await h.events(service);
    expect(events.map((e) => e.type)).toContain('incident.opened');
  });
});
