/**
 * Tier 1's deadline counts from its page. Alone in its file, with a worker of its own over a
 * folder of many runbooks: the worker's first runbook selection compiles them all with a cold
 * compile thread (a second or two here), the delay a deadline counted from after choosing
 * the runbook would add.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RUNBOOKS, useIncidentWorker } from './harness.js';
import { alertFor, fire, incidentWhen, kinds, uniqueService } from './incidents.js';

const runbooks = mkdtempSync(join(tmpdir(), 'swaybot-many-runbooks-'));
const page = readFileSync(join(RUNBOOKS, 'disk-full.md'), 'utf8');
for (let i = 0; i < 60; i++) writeFileSync(join(runbooks, `r${i}.md`), page.replace('id: disk-full', `id: disk-full-${i}`));

const h = useIncidentWorker('incident-deadline', { runbooks });

describe('incident workflow: escalation deadline', () => {
  it('counts tier 1’s deadline from its page, not from when the runbook was chosen', async () => {
    const service = uniqueService();
    const id = await fire(h, alertFor(service));
    const s = await incidentWhen(h, id, (x) => kinds(x).includes('escalated'), 'escalated to tier 2', 20_000);
    const paged = Date.parse(s.timeline.find((e) => e.kind === 'paged')!.at);
    const escalated = Date.parse(s.timeline.find((e) => e.kind === 'escalated')!.at);
    expect(escalated - paged).toBeGreaterThanOrEqual(2000);
    // The deadline's timer is started before the runbook is chosen: in the history, tier 1's 2 s timer
    // comes before the marker of the local activity that chose the runbook (no wall-clock bound, which
    // a loaded machine would break).
    const events = (await h.client.workflow.getHandle(id).fetchHistory()).events ?? [];
    const timer = events.findIndex((e) => e.timerStartedEventAttributes && Number(e.timerStartedEventAttributes.startToFireTimeout?.seconds ?? 0) === 2);
    const chosen = events.findIndex((e) => e.markerRecordedEventAttributes);
    expect(timer).toBeGreaterThan(-1);
    expect(chosen).toBeGreaterThan(-1);
    expect(timer).toBeLessThan(chosen);
  });
});
