import { describe, expect, it } from 'vitest';
import { stripVTControlCharacters } from 'node:util';
import { join } from 'node:path';
import type { RunSummary } from '../../client/runs.js';
import { stackBanner } from '../../cli/format/banner.js';
import { NextSteps } from '../../cli/next-steps.js';
import { compileDemo } from '../../devstack/demo-run.js';
import type { Stack } from '../../devstack/stack.js';
import { ROOT } from './cli.js';

const stack = {
  address: '127.0.0.1:7233',
  namespace: 'default',
  taskQueue: 'swaybot-ops',
  stateDir: join(ROOT, '.state'),
  external: false,
  uiUrl: 'http://127.0.0.1:8233',
} as Stack;

const run = (workflowId: string, extra: Partial<RunSummary> = {}): RunSummary => ({
  workflowId,
  runbookId: 'restart-web',
  state: 'running',
  startTime: new Date(Date.now() - 120_000),
  inFlight: true,
  ...extra,
});

describe('the banner of swaybot up', () => {
  it('lists every run in flight, the demo’s and the user’s, with what each waits for', async () => {
    const plan = await compileDemo(ROOT);
    const inFlight = [
      run('demo-service-health-check', { runbookId: plan.id, incident: 'INC-demo-1' }),
      run('runbook-restart-web-a', { state: 'awaiting-approval', step: 'restart' }),
      run('runbook-restart-web-b'),
      run('runbook-restart-web-c', { state: 'awaiting-checklist', step: 'confirm' }),
    ];
    const next = new NextSteps({ directory: { sre: ['alice'] }, me: 'mallory' });
    const text = stripVTControlCharacters(stackBanner({ stack, demo: { workflowId: 'demo-service-health-check', plan, resumed: true }, inFlight, next }));
    expect(text).toContain('Runs in flight (4)');
    for (const r of inFlight) expect(text).toMatch(new RegExp(`^ {3}${r.workflowId}\\s+${r.state}\\s+${r.runbookId}`, 'm'));
    expect(text).toMatch(/runbook-restart-web-a\s+awaiting-approval\s+restart-web\s+-\s+restart \(no worker answered\)\s+2m/);
    // The demo's hints work as pasted: mallory is no approver, alice is.
    expect(text).toContain('npx swaybot runbook approve demo-service-health-check drain-traffic --as alice');
    expect(text).toMatch(/Tick\s+npx swaybot runbook tick demo-service-health-check confirm-dashboards-are-green\s+# all 3 items/);
  });
});
