/**
 * Resolving: by a person (response times, postmortem draft in the state folder and the
 * thread, ledger events), or by the alert clearing, as the incident's route says.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acknowledgeIncident, markIncidentFalsePositive, noteIncident, resolveIncident } from '../../client/incident-actions.js';
import { useIncidentWorker } from './harness.js';
import { idleOnTimer } from './history.js';
import { alertFor, eventually, fire, incidentWhen, kinds, staysTrue, testPolicy, uniqueService } from './incidents.js';

const h = useIncidentWorker('incident-resolve');

/** The service's `incident.*` event types, once the ledger holds at least `count` of them. */
async function eventTypes(service: string, count: number): Promise<string[]> {
  const events = await eventually(() => h.events(service), (e) => e.length >= count, `${count} ledger events of ${service}`);
  return events.map((e) => `${e.type} ${e.actor}`);
}

describe('incident workflow: resolving', () => {
  it('resolves with MTTA and MTTR, a postmortem draft in the state folder and the thread, and ledger events', async () => {
    const service = uniqueService();
    const id = await fire(h, alertFor(service));
    await incidentWhen(h, id, (s) => kinds(s).includes('paged'), 'paged');
    await acknowledgeIncident(h.client, id, 'alice');
    await noteIncident(h.client, id, 'bob', 'rolled back deploy 42');
    await resolveIncident(h.client, id, 'alice', 'rollback fixed it');

    const s = await incidentWhen(h, id, (x) => x.state === 'resolved' && x.postmortemFile !== undefined, 'resolved with its postmortem written');
    expect(s).toMatchObject({ resolvedBy: 'alice', acknowledgedBy: 'alice' });
    expect(s.mttaMs).toBeGreaterThanOrEqual(0);
    expect(s.mttrMs).toBeGreaterThanOrEqual(s.mttaMs!);
    expect(s.mttrMs).toBe(Date.parse(s.resolvedAt!) - Date.parse(s.openedAt));
    expect(s.timeline.find((e) => e.kind === 'resolved')).toMatchObject({ by: 'alice', text: 'resolved: rollback fixed it' });

    expect(s.postmortem).toContain(s.title);
    expect(s.postmortem).toContain('rolled back deploy 42');
    expect(s.postmortemFile!.startsWith(join(h.stateDir, 'postmortems'))).toBe(true);
    expect(existsSync(s.postmortemFile!)).toBe(true);
    expect(readFileSync(s.postmortemFile!, 'utf8')).toBe(s.postmortem);
    await eventually(async () => h.chat.thread(s.chat!.ts), (m) => m.some((x) => x.text === s.postmortem), 'postmortem in the thread');

    expect(await eventTypes(service, 3)).toEqual(['incident.opened swaybot', 'incident.acknowledged alice', 'incident.resolved alice']);
    const resolved = (await h.events(service)).find((e) => e.type === 'incident.resolved');
    expect(resolved?.payload).toMatchObject({ incident: id, reason: 'rollback fixed it' });
  });

  it('refuses to act on a resolved incident', async () => {
    const service = uniqueService();
    const id = await fire(h, alertFor(service));
    await incidentWhen(h, id, (s) => kinds(s).includes('paged'), 'paged');
    await markIncidentFalsePositive(h.client, id, 'bob', 'flapping probe');
    const s = await incidentWhen(h, id, (x) => x.state === 'resolved', 'resolved');
    expect(s.falsePositive).toEqual({ by: 'bob', reason: 'flapping probe' });
    await expect(acknowledgeIncident(h.client, id, 'alice')).rejects.toMatchObject({ name: 'IncidentRefusedError', reason: 'NotOpen' });
    await expect(resolveIncident(h.client, id, 'alice')).rejects.toMatchObject({ reason: 'NotOpen' });
  });

  it('resolves when its alert clears and the route says `onClear: resolve`', async () => {
    const service = uniqueService();
    const id = await fire(h, alertFor(service));
    await incidentWhen(h, id, (s) => kinds(s).includes('paged'), 'paged');
    await fire(h, alertFor(service, { status: 'resolved', endsAt: new Date().toISOString() }));
    const s = await incidentWhen(h, id, (x) => x.state === 'resolved', 'resolved by the clear');
    expect(s.resolvedBy).toBe('swaybot');
    expect(kinds(s)).toEqual(expect.arrayContaining(['alert-cleared', 'resolved']));
    expect(s.postmortem).toBeDefined();
    expect(await eventTypes(service, 2)).toEqual(['incident.opened swaybot', 'incident.resolved swaybot']);
  });

  it('only notes the clear when the route says `onClear: ask`', async () => {
    const service = uniqueService();
    const policy = testPolicy({ routes: [{ match: { service }, onClear: 'ask' }] });
    const id = await fire(h, alertFor(service), policy);
    await incidentWhen(h, id, (s) => kinds(s).includes('paged'), 'paged');
    await fire(h, alertFor(service, { status: 'resolved' }), policy);
    const s = await incidentWhen(h, id, (x) => kinds(x).includes('alert-cleared'), 'clear noted');
    expect(s.timeline.find((e) => e.kind === 'alert-cleared')?.text).toContain(`swaybot incident resolve ${id}`);
    await staysTrue(h, id, (x) => x.resolvedAt === undefined, 'still open', 1000);
  });

  it('threads a note added after resolution, while it waits out its reopen window', async () => {
    const service = uniqueService();
    const id = await fire(h, alertFor(service), testPolicy({ reopenWindow: '1h' }));
    await incidentWhen(h, id, (s) => kinds(s).includes('paged'), 'paged');
    await resolveIncident(h.client, id, 'alice');
    const s = await incidentWhen(h, id, (x) => x.state === 'resolved' && x.postmortem !== undefined, 'resolved');
    // Resolution's chat calls are done: the incident waits on its reopen window's timer.
    await eventually(() => idleOnTimer(h.client, id), (idle) => idle, 'waiting out the reopen window');
    await noteIncident(h.client, id, 'bob', 'follow-up: alert on disk at 80%');
    await eventually(async () => h.chat.thread(s.chat!.ts), (m) => m.some((x) => x.text.includes('follow-up: alert on disk at 80%')), 'the note in the thread', 10_000);
  });
});
