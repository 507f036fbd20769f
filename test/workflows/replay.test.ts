import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../support-interpreter/harness.js';
import { historyFromCliJson } from './history-json.js';
import { recordIncidentHistories } from './record-incidents.js';
import { recordHistories } from './record.js';
import { handBuiltScenarios, shippedRunbooks, shippedScenarios } from './scenarios.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/histories/', import.meta.url));

interface Fixture {
  workflowId: string;
  history: { events: { workflowExecutionStartedEventAttributes?: { input?: { payloads: { data: string }[] } } }[] };
}

function loadFixtures(): Fixture[] {
  return readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ workflowId: f.replace(/\.json$/, ''), history: JSON.parse(readFileSync(join(FIXTURES, f), 'utf8')) as Fixture['history'] }));
}

/** Replays `fixtures` on the current workflow code; one line per history that fails. */
async function replayErrors(fixtures: Fixture[]): Promise<string[]> {
  const errors: string[] = [];
  const histories = fixtures.map((f) => ({ workflowId: f.workflowId, history: historyFromCliJson(f.history) }));
  const results = Worker.runReplayHistories({ workflowBundle: await workflowBundle() }, histories);
  for await (const r of results) if (r.error) errors.push(`${r.workflowId}: ${r.error.message}`);
  return errors;
}

describe('replay of recorded histories', () => {
  beforeAll(async () => {
    // UPDATE=1 re-records everything; UPDATE=incidents only the incident histories.
    const update = process.env['UPDATE'];
    if (update && update !== 'incidents') await recordHistories([...handBuiltScenarios(), ...(await shippedScenarios())], FIXTURES);
    if (update) await recordIncidentHistories(FIXTURES);
  }, 600_000);

  it('replays every committed history on the current workflow code without a determinism error', async () => {
    const fixtures = loadFixtures();
    expect(fixtures.length).toBeGreaterThanOrEqual(handBuiltScenarios().length);
    expect(await replayErrors(fixtures)).toEqual([]);
  });

  it('has recorded incident histories, the incident and its runbook run (re-record with UPDATE=1)', () => {
    const names = loadFixtures().map((f) => f.workflowId);
    expect(names).toEqual(expect.arrayContaining(['incident-approve-resolve', 'incident-approve-resolve.runbook', 'incident-escalate-false-positive']));
  });

  it('has a recorded history for every shipped runbook (re-record with UPDATE=1)', () => {
    const missing = shippedRunbooks()
      .map((f) => f.replace(/\.md$/, ''))
      .filter((id) => !existsSync(join(FIXTURES, `runbook-${id}.json`)));
    expect(missing).toEqual([]);
  });

  it('detects a run whose plan no longer matches its history', async () => {
    const [fixture] = loadFixtures().filter((f) => f.workflowId === 'hand-reject-compensate');
    expect(fixture).toBeDefined();
    // Drop the first step from the recorded input: the workflow now schedules different activities.
    const tampered = structuredClone(fixture!);
    const payload = tampered.history.events[0]!.workflowExecutionStartedEventAttributes!.input!.payloads[0]!;
    const input = JSON.parse(Buffer.from(payload.data, 'base64').toString('utf8')) as { plan: { steps: unknown[] } };
    input.plan.steps.shift();
    payload.data = Buffer.from(JSON.stringify(input)).toString('base64');
    const errors = await replayErrors([tampered]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/hand-reject-compensate: .*[Nn]ondetermin/);
  });
});
