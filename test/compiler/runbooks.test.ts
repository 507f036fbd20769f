/**
 * The shipped runbooks compile cleanly, the wiki corpus compiles without
 * errors, and the demo runbook's templates behave as the demo needs.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileFile, compilePaths, markdownFiles } from '../../compiler/index.js';
import { evaluateCondition, renderValue } from '../../expr/index.js';
import type { ActionStep, Plan } from '../../plan/types.js';
import { corpusFor } from '../support/shared-data.js';

const repo = join(import.meta.dirname, '..', '..');
const runbooksDir = join(repo, 'runbooks');
const wiki = corpusFor('test/compiler/runbooks', 'runbooks-dev');

describe('shipped runbooks', () => {
  it('there are at least five, and each compiles with no errors and no warnings', async () => {
    const results = await compilePaths([runbooksDir]);
    expect(results.length).toBeGreaterThanOrEqual(5);
    for (const { file, plan } of results) {
      expect({ path: file.path, messages: file.messages.map(String) }).toEqual({ path: file.path, messages: [] });
      expect(plan?.steps.length).toBeGreaterThan(0);
    }
  });

  it('together use approvals with every timeout outcome, when, as, checklists, compensate, retry and commands', async () => {
    const plans = (await compilePaths([runbooksDir])).map((r) => r.plan!);
    const steps = plans.flatMap((p) => p.steps);
    const actions = steps.filter((s): s is ActionStep => s.kind === 'action');
    expect(new Set(steps.flatMap((s) => (s.approval ? [s.approval.onTimeout] : [])))).toEqual(new Set(['fail', 'skip', 'approve']));
    expect(steps.some((s) => s.when)).toBe(true);
    expect(actions.some((s) => s.as) && actions.some((s) => s.compensate) && actions.some((s) => s.retry)).toBe(true);
    expect(new Set(actions.map((s) => s.action))).toEqual(new Set(['log', 'wait', 'http.request', 'hardware.inventory', 'hardware.power', 'hardware.sensors']));
    expect(steps.some((s) => s.kind === 'manual' && s.checklist.length > 1)).toBe(true);
    expect(steps.some((s) => s.commands.length > 0)).toBe(true);
    expect(plans.every((p) => p.params.length > 0)).toBe(true);
  });
});

describe('the demo runbook', () => {
  const load = async (): Promise<Plan> => (await compileFile(join(runbooksDir, 'service-health-check.md'))).plan!;
  const scope = (status: string, force = false): Record<string, unknown> => ({
    params: { baseUrl: 'http://127.0.0.1:8787', force },
    incident: {},
    run: { workflowId: 'wf', runId: 'r', runbookId: 'service-health-check' },
    health: { status: 200, ok: true, headers: {}, body: { status, version: '1.2.3', uptimeSeconds: 5, queueDepth: 42 } },
    drain: { status: 200, ok: true, headers: {}, body: { draining: true } },
    restart: { status: 200, ok: true, headers: {}, body: { restarted: true, version: '1.2.4' } },
    verify: { status: 200, ok: true, headers: {}, body: { status: 'ok', version: '1.2.4', uptimeSeconds: 1, queueDepth: 0 } },
  });

  it('drains behind an sre approval that fails on timeout, and undrains on failure', async () => {
    const plan = await load();
    const drain = plan.steps.find((s) => s.id === 'drain-traffic') as ActionStep;
    expect(drain.approval).toMatchObject({ groups: ['sre'], timeout: '30m', onTimeout: 'fail' });
    expect(drain.compensate?.with['url']).toBe('{{ params.baseUrl }}/undrain');
    expect(plan.params.find((p) => p.name === 'baseUrl')?.default).toBe('http://127.0.0.1:8787');
  });

  it('runs the restart steps only when degraded or forced', async () => {
    const plan = await load();
    const restart = plan.steps.find((s) => s.id === 'restart-the-service')!;
    expect(evaluateCondition(restart.when!, scope('degraded'))).toBe(true);
    expect(evaluateCondition(restart.when!, scope('ok'))).toBe(false);
    expect(evaluateCondition(restart.when!, scope('ok', true))).toBe(true);
  });

  it('renders every template against the demo service answers', async () => {
    const plan = await load();
    const rendered = plan.steps.flatMap((s) => (s.kind === 'action' ? [renderValue(s.with, scope('degraded'))] : []));
    expect(rendered[0]).toEqual({ url: 'http://127.0.0.1:8787/health', expectStatus: [200, 503] });
    expect(rendered[1]).toMatchObject({ message: 'http://127.0.0.1:8787 is degraded (version 1.2.3, queue 42)', level: 'warn' });
    expect(rendered.at(-1)).toEqual({ message: 'http://127.0.0.1:8787 checked: was degraded, now ok (version 1.2.4)' });
    const checklist = plan.steps.find((s) => s.kind === 'manual');
    expect(checklist?.title).toBe('Confirm dashboards are green');
  });
});

describe.runIf(wiki.dir !== undefined)('wiki corpus (read in place)', () => {
  it('every markdown file compiles without errors', async () => {
    const files = await markdownFiles(wiki.dir!);
    expect(files.length).toBeGreaterThan(50);
    const results = await compilePaths(files);
    const errors = results.flatMap((r) => r.file.messages.filter((m) => m.fatal).map((m) => `${r.file.path}: ${String(m)}`));
    expect(errors).toEqual([]);
    // A wiki page with no swaybot blocks is a runbook for people: sections to read and steps to perform.
    const steps = results.flatMap((r) => r.plan!.steps);
    expect(steps.filter((s) => s.kind === 'action')).toEqual([]);
    expect(new Set(steps.filter((s) => s.title === 'Meaning' || s.title === 'Impact').map((s) => s.kind))).toEqual(new Set(['info']));
    expect(new Set(steps.filter((s) => s.title === 'Diagnosis' || s.title === 'Mitigation').map((s) => s.kind))).toEqual(new Set(['manual']));
  });

  it('every page serves the alert it is named after, and keeps its commands in place', async () => {
    const results = await compilePaths([wiki.dir!]);
    for (const { file, plan } of results) {
      const name = file.path.split('/').at(-1)!.replace(/\.md$/, '');
      expect(plan!.match).toEqual({ alertname: name });
      // Every command is also in its step's text, where the page has it.
      for (const step of plan!.steps) for (const command of step.commands) expect(step.context).toContain(command.code.split('\n')[0]);
    }
  });
});
