/** On-call: who a rotation pages is taken at the incident's start, so a handoff between two incidents pages different people. */
import { describe, expect, it } from 'vitest';
import { useIncidentWorker } from './harness.js';
import { alertFor, fire, incidentWhen, kinds, testPolicy, uniqueService } from './incidents.js';

const h = useIncidentWorker('incident-rotation');

describe('incident workflow: on-call rotation', () => {
  it('pages whoever is on call when the incident opens: bob just before the handoff, alice just after', async () => {
    const service = uniqueService();
    // A daily rotation whose first shift (alice's) starts a few seconds from now; bob covers the shift before it.
    const handoff = Date.now() + 4000;
    const policy = testPolicy({
      escalations: { default: { tiers: [{ name: 'on-call', page: ['oncall:payments'], ackWithin: '1h' }], repeat: 0 } },
      rotations: { payments: { members: ['alice', 'bob'], handoff: 'daily', start: new Date(handoff).toISOString(), overrides: [] } },
    });

    const before = await fire(h, alertFor(service, { dedupeKey: 'before' }), policy);
    const early = await incidentWhen(h, before, (s) => kinds(s).includes('paged'), 'paged before the handoff');
    expect(Date.parse(early.openedAt), 'the first incident opened before the handoff').toBeLessThan(handoff);

    while (Date.now() <= handoff + 100) await new Promise((r) => setTimeout(r, 100));
    const after = await fire(h, alertFor(service, { dedupeKey: 'after' }), policy);
    const late = await incidentWhen(h, after, (s) => kinds(s).includes('paged'), 'paged after the handoff');
    expect(Date.parse(late.openedAt)).toBeGreaterThanOrEqual(handoff);

    expect(early.paged).toEqual(['bob']);
    expect(late.paged).toEqual(['alice']);
    expect(early.timeline.find((e) => e.kind === 'paged')?.mention).toEqual(['bob']);
    expect(late.timeline.find((e) => e.kind === 'paged')?.mention).toEqual(['alice']);
  });

  it('pages the route’s team rotation for a plain `oncall` and notes a team without a rotation', async () => {
    const service = uniqueService();
    const policy = testPolicy({
      escalations: { default: { tiers: [{ name: 'on-call', page: ['oncall', 'oncall:nobody-team', 'carol'], ackWithin: '1h' }], repeat: 0 } },
      rotations: { storage: { members: ['bob'], handoff: 'weekly', start: '2026-01-05T09:00:00Z', overrides: [] } },
      routes: [{ match: { service }, onClear: 'resolve', team: 'storage' }],
    });
    const id = await fire(h, alertFor(service), policy);
    const s = await incidentWhen(h, id, (x) => kinds(x).includes('paged'), 'paged');
    expect(s.paged).toEqual(['bob', 'carol']);
    expect(s.timeline.some((e) => e.kind === 'note' && e.text.includes('no rotation `nobody-team`'))).toBe(true);
  });
});
