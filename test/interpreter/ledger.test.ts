import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { approve, getStatus, tick } from '../../client/runbooks.js';
import { formatStatus } from '../../cli/format/status.js';
import { nextStepsFor } from '../../cli/next-steps.js';
import { EmbeddedLedger, eventId, type LedgerEvent } from '../../ledger/index.js';
import { RunbookLedgerErrorsKey } from '../../workflows/messages.js';
import { createOpsWorker } from '../../workers/ops-worker.js';
import { testConfig } from '../support-interpreter/test-config.js';
import { eventually, finalStatus, runFailure, stepIs, withWorker } from '../support-interpreter/harness.js';
import { activity, approval, manual, plan, undo } from '../support-interpreter/plans.js';
import { recorder } from '../support-interpreter/recorder.js';

let ledger: EmbeddedLedger;
beforeEach(async () => {
  ledger = await EmbeddedLedger.open({ dir: mkdtempSync(join(tmpdir(), 'swaybot-ledger-test-')) });
});
afterEach(async () => {
  await ledger.close();
});

/** The run's events as `type step actor` lines, in commit order within equal times. */
async function eventsOf(workflowId: string): Promise<LedgerEvent[]> {
  return ledger.query({ subject: { kind: 'runbook', id: workflowId } });
}
const line = (e: LedgerEvent): string => `${e.type} ${(e.payload as { step?: string }).step ?? '-'} ${e.actor}`;

describe('ledger recording', () => {
  it('records each step, the run and the incident of a run with an approval; the ledger verifies', async () => {
    await withWorker({ activities: recorder().activities, ledger }, async (h) => {
      // Opened a moment before the run (in another time zone): believed, and kept as the incident's time.
      const opened = new Date(Math.floor(Date.now() / 1000) * 1000 - 5_000);
      const openedAt = `${new Date(opened.getTime() + 3_600_000).toISOString().slice(0, 19)}+01:00`;
      const handle = await h.start({
        plan: plan('ledger-ok', [
          activity('before', 'record', { name: 'before' }),
          activity('restart', 'record', { name: 'restart' }, { approval: approval() }),
        ]),
        incident: { id: 'INC-7', service: 'payments', title: 'Checkout errors', openedAt },
      });
      await eventually(() => getStatus(h.client, handle.workflowId), stepIs('restart', 'awaiting-approval'), 'restart awaiting approval');
      await approve(h.client, handle.workflowId, 'restart', 'alice', 'looks safe');
      const result = await handle.result();
      expect(result.state).toBe('succeeded');
      expect(result.ledgerErrors).toBeUndefined();

      const run = await eventsOf(handle.workflowId);
      expect(run.map(line).sort()).toEqual(
        [
          'runbook.run.started - swaybot',
          'runbook.step.started before swaybot',
          'runbook.step.succeeded before swaybot',
          'runbook.step.started restart swaybot',
          'runbook.step.approved restart alice',
          'runbook.step.succeeded restart swaybot',
          'runbook.run.succeeded - swaybot',
        ].sort(),
      );
      const { runId } = await handle.describe();
      const base = `${handle.workflowId}@${runId}`;
      const approved = await ledger.get(eventId(base, 'restart', 'approved'));
      expect(approved).toMatchObject({
        type: 'runbook.step.approved',
        actor: 'alice',
        subject: { kind: 'runbook', id: handle.workflowId },
        payload: { runbookId: 'ledger-ok', workflowId: handle.workflowId, runId, step: 'restart', reason: 'looks safe' },
      });
      // Step events come in lifecycle order.
      const times = ['started', 'approved', 'succeeded'].map((k) => run.find((e) => e.id === eventId(base, 'restart', k))!.time);
      expect([...times].sort()).toEqual(times);

      const incident = await ledger.query({ subject: { kind: 'service', id: 'payments' } });
      expect(incident.map((e) => `${e.type} ${e.actor}`)).toEqual(['incident.opened swaybot', 'incident.acknowledged alice', 'incident.resolved swaybot']);
      expect(incident[0]).toMatchObject({ time: opened.toISOString(), payload: { incident: 'INC-7', runbookId: 'ledger-ok', workflowId: handle.workflowId, title: 'Checkout errors' } });

      const report = await ledger.verify();
      expect(report.problems).toEqual([]);
      expect(report.ok).toBe(true);
      expect(report.events).toBe(run.length + incident.length);
    });
  });

  it('records failed and compensated events of a failing run and leaves the incident open', async () => {
    const rec = recorder();
    await withWorker({ activities: rec.activities, ledger }, async (h) => {
      const handle = await h.start({
        plan: plan('ledger-fail', [
          activity('drain', 'record', { name: 'drain' }, { compensate: undo('record', { name: 'undrain' }) }),
          activity('cordon', 'record', { name: 'cordon' }, { compensate: undo('flaky', { name: 'uncordon', failures: 9 }) }),
          activity('boom', 'flaky', { name: 'boom', failures: 9 }, { retry: { maximumAttempts: 1, initialInterval: '1s', backoffCoefficient: 1 } }),
        ]),
        incident: { id: 'INC-8', service: 'search' },
      });
      const status = finalStatus(await runFailure(handle));
      expect(status.state).toBe('failed');
      expect(status.ledgerErrors).toBeUndefined();
      // Newest first: the cordon's undo fails all its attempts, the drain's undo still runs.
      expect(rec.calls).toEqual(['drain', 'cordon', 'boom#1', 'uncordon#1', 'uncordon#2', 'uncordon#3', 'undrain']);

      const { runId } = await handle.describe();
      const base = `${handle.workflowId}@${runId}`;
      const failed = await ledger.get(eventId(base, 'boom', 'failed'));
      expect(failed).toMatchObject({ type: 'runbook.step.failed', actor: 'swaybot' });
      expect((failed?.payload as { error: string }).error).toContain('boom failed on attempt 1');
      expect(await ledger.get(eventId(base, 'drain', 'compensated'))).toMatchObject({ type: 'runbook.step.compensated' });
      const undoFailed = await ledger.get(eventId(base, 'cordon', 'compensation_failed'));
      expect(undoFailed).toMatchObject({ type: 'runbook.step.compensation_failed', actor: 'swaybot' });
      expect((undoFailed?.payload as { error: string }).error).toContain('uncordon failed on attempt 3');
      expect(await ledger.get(eventId(base, 'cordon', 'compensated'))).toBeUndefined();
      expect(await ledger.get(eventId(base, '_run', 'failed'))).toMatchObject({ type: 'runbook.run.failed' });
      expect(await ledger.get(eventId(base, 'boom', 'succeeded'))).toBeUndefined();

      const incident = await ledger.query({ subject: { kind: 'service', id: 'search' } });
      expect(incident.map((e) => e.type)).toEqual(['incident.opened']);
      expect((await ledger.verify()).ok).toBe(true);
    });
  });

  it('refuses an incident openedAt in the future or before a hand-started run (it would stretch the downtime), and counts it', async () => {
    await withWorker({ ledger }, async (h) => {
      for (const [service, shift] of [['search', -12 * 3_600_000], ['maps', 3_600_000]] as const) {
        const openedAt = new Date(Date.now() + shift).toISOString();
        const handle = await h.start({ plan: plan(`ledger-${service}`, [manual('verify', { ok: 'OK' })]), incident: { id: `INC-${service}`, service, openedAt } });
        await eventually(() => getStatus(h.client, handle.workflowId), stepIs('verify', 'awaiting-checklist'), 'checklist open');
        expect((await getStatus(h.client, handle.workflowId)).inputRefused).toBe(1);
        await tick(h.client, handle.workflowId, 'verify', 'ok', 'bob');
        expect((await handle.result()).state).toBe('succeeded');
        const [opened] = await ledger.query({ subject: { kind: 'service', id: service } });
        const started = await ledger.get(eventId(`${handle.workflowId}@${(await handle.describe()).runId}`, '_run', 'started'));
        expect(opened?.type).toBe('incident.opened');
        expect(opened?.time).toBe(started?.time);
        expect(opened?.time).not.toBe(openedAt);
      }
    });
  });

  it('acknowledges the incident at the first checklist tick, by the person who ticked', async () => {
    await withWorker({ ledger }, async (h) => {
      const handle = await h.start({
        plan: plan('ledger-tick', [manual('verify', { graphs: 'Graphs are normal', alerts: 'No alerts' })]),
        incident: { id: 'INC-9', service: 'mail', openedAt: 'yesterday' },
      });
      await eventually(() => getStatus(h.client, handle.workflowId), stepIs('verify', 'awaiting-checklist'), 'checklist open');
      await tick(h.client, handle.workflowId, 'verify', 'graphs', 'bob');
      await tick(h.client, handle.workflowId, 'verify', 'alerts', 'carol');
      expect((await handle.result()).state).toBe('succeeded');
      const incident = await ledger.query({ subject: { kind: 'service', id: 'mail' } });
      expect(incident.map((e) => `${e.type} ${e.actor}`)).toEqual(['incident.opened swaybot', 'incident.acknowledged bob', 'incident.resolved swaybot']);
      // An invalid openedAt falls back to the run's start time.
      const started = await ledger.get(eventId(`${handle.workflowId}@${(await handle.describe()).runId}`, '_run', 'started'));
      expect(incident[0]?.time).toBe(started?.time);
    });
  });

  it('shows an event the ledger refuses in the run status instead of dropping it silently', async () => {
    const logged: string[] = [];
    const logger = { debug() {}, info() {}, warn() {}, error: (_: object, msg: string) => void logged.push(msg) };
    await withWorker({ activities: recorder().activities, ledger, logger }, async (h) => {
      // A service id over the ledger's 200-character limit: the incident events are invalid.
      const handle = await h.start({
        plan: plan('ledger-refused', [activity('one', 'record', { name: 'one' })]),
        incident: { id: 'INC-10', service: 'x'.repeat(300) },
      });
      const result = await handle.result();
      expect(result.state).toBe('succeeded');
      expect(result.ledgerErrors).toBeGreaterThanOrEqual(1);
      expect(result.ledgerError).toContain('InvalidEventError: event `');
      expect(result.ledgerError).toContain('/incident/');
      // The worker's log says so too.
      expect(logged.some((m) => m.startsWith('ledger refused an event') && m.includes('subject.id'))).toBe(true);
      // The step events of the same run still made it.
      const description = await handle.describe();
      expect(await ledger.get(eventId(`${handle.workflowId}@${description.runId}`, 'one', 'succeeded'))).toBeDefined();
      // Findable and shown: the RunbookLedgerErrors search attribute, the Web UI's details, `runbook status`.
      expect(description.typedSearchAttributes.get(RunbookLedgerErrorsKey)).toBe(result.ledgerErrors);
      const details = (await handle.query<{ currentDetails?: string }>('__temporal_workflow_metadata')).currentDetails ?? '';
      expect(details).toContain(`**${result.ledgerErrors} ledger write`);
      const status = await getStatus(h.client, handle.workflowId);
      expect(formatStatus(handle.workflowId, status, status.state, nextStepsFor({}, {}))).toContain('ledger: ');
    });
  });

  it('opens the Fabric ledger when the configuration names it, and never falls back to a local folder', async () => {
    const config = testConfig();
    config.ledger = { ...config.ledger, backend: 'fabric', fabric: { ...config.ledger.fabric, profile: join(config.ledger.dir, 'no-such-connection.json') } };
    const server = { connection: undefined as never, namespace: 'default', taskQueue: 'unused' };
    await expect(createOpsWorker({ ...server, config })).rejects.toThrow(/ledger\.backend is `fabric`, but the Fabric ledger cannot be opened: Cannot read the Fabric connection profile .*no-such-connection\.json.*npm run fabric:up/);
    // Nothing was written to the embedded folder instead.
    expect(readdirSync(config.ledger.dir)).toEqual([]);
  });

  it('keeps the event id rule that recorded ledgers hold, escapes included', () => {
    expect(eventId('wf@run', 'step', 'started')).toBe('wf@run/step/started');
    expect(eventId('a/b%c', 'x/y', 'k%2F')).toBe('a%2Fb%25c/x%2Fy/k%252F');
    expect(eventId('w', '_run', 'failed')).toBe('w/_run/failed');
  });
});
