/**
 * Tier 1's deadline counts from its page. Alone in its file on purpose: the worker's first
 * runbook selection starts the compile worker thread cold (a second or two here), which is
 * the delay a deadline counted from after the selection would add.
 */
import { describe, expect, it } from 'vitest';
import { useIncidentWorker } from './harness.js';
import { alertFor, fire, incidentWhen, kinds, uniqueService } from './incidents.js';

const h = useIncidentWorker('incident-deadline');

describe('incident workflow: escalation deadline', () => {
  it('counts tier 1’s deadline from its page, not from when the runbook was chosen', async () => {
    const service = uniqueService();
    const id = await fire(h, alertFor(service));
    const s = await incidentWhen(h, id, (x) => kinds(x).includes('escalated'), 'escalated to tier 2', 20_000);
    const paged = Date.parse(s.timeline.find((e) => e.kind === 'paged')!.at);
    const escalated = Date.parse(s.timeline.find((e) => e.kind === 'escalated')!.at);
    // Workflow times: the 2 s timer, plus an allowance for the worker picking up the fired timer. Choosing
    // the runbook (compiling the runbooks folder in a fresh worker thread) takes about a second or more.
    expect(escalated - paged).toBeGreaterThanOrEqual(2000);
    expect(escalated - paged).toBeLessThan(2000 + 1000);
  });
});
