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

describe('the banner of swaybot up with the drill fleet and the capacity demo', () => {
  it('names the replica command and shows the capacity plan waiting, with an approve line that works', () => {
    const next = new NextSteps({ directory: { sre: ['alice'] }, me: 'mallory' });
    const withDrill = { ...stack, drill: { bmcs: [{}, {}, {}], inventoryPath: 'devstack/drill/inventory.yaml' } } as unknown as Stack;
    const status = {
      service: 'demo-service',
      state: 'awaiting-approval' as const,
      approvers: ['sre'],
      diff: { current: 3, next: 2, change: -1, largest: -2, needsApproval: true, reason: '3 → 2 replicas (-1) needs approval (threshold 1)' },
      plan: { hours: [], current: 3, peak: { replicas: 3, t: Date.UTC(2026, 11, 6, 11) }, cappedHours: 0 },
      forecast: { model: 'combo(dshw,smean,smean-week)', modelVersion: 'classical@0.1.0', p50: [], p90: [] },
      chart: '/state/capacity/charts/x.png',
    };
    const text = stripVTControlCharacters(stackBanner({ stack: withDrill, capacity: { workflowId: 'capacity-demo-service-manual-x', status, resumed: false }, next }));
    expect(text).toContain('npx swaybot replica model drill-web-01');
    expect(text).toMatch(/Capacity\s+demo-service: 3 → 2 replicas now, peak 3 at 11:00 UTC \(awaiting-approval; forecast combo\(dshw,smean,smean-week\)\)/);
    expect(text).toContain('npx swaybot capacity approve demo-service --as alice');
    expect(text).toContain('http://127.0.0.1:8233/namespaces/default/workflows/capacity-demo-service-manual-x');
  });
});
