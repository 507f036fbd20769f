/** The banner `swaybot up` prints once everything runs: where to look and what to type. */
import pc from 'picocolors';
import type { RunSummary } from '../../client/runs.js';
import type { DemoRun } from '../../devstack/demo-run.js';
import type { DemoTelemetry } from '../../devstack/demo-telemetry.js';
import type { DemoCapacity } from '../../devstack/demo-capacity.js';
import type { Stack } from '../../devstack/stack.js';
import { approverGroups } from '../../workflows/validators.js';
import type { NextSteps } from '../next-steps.js';
import { formatRuns } from './runs.js';
import { safeText } from './safe-text.js';

export interface BannerInput {
  stack: Stack;
  demo?: DemoRun;
  /** The demo's replayed telemetry and the incident its anomaly opened. */
  telemetry?: DemoTelemetry;
  /** The demo service's capacity plan (waiting for approval). */
  capacity?: DemoCapacity;
  /** Every run in flight on the server, the demo's and any other, resumed by this start. */
  inFlight?: readonly RunSummary[];
  /** Builds the commands shown (approve with an `--as` that works, tick, status). */
  next: NextSteps;
}

function workflowLink(stack: Stack, workflowId: string): string | undefined {
  return stack.uiUrl ? `${stack.uiUrl}/namespaces/${encodeURIComponent(stack.namespace)}/workflows/${encodeURIComponent(workflowId)}` : undefined;
}

/** The banner: the stack's addresses, the demo run and how to move it on, and every run in flight. */
export function stackBanner({ stack, demo, telemetry, capacity, inFlight = [], next }: BannerInput): string {
  const rule = pc.dim('─'.repeat(72));
  const row = (label: string, value: string) => `   ${pc.dim(label.padEnd(10))} ${value}`;
  const lines = ['', rule, ` ${pc.green(pc.bold('swaybot is up'))}`, ''];
  lines.push(row('Temporal', `${stack.address}${stack.external ? ' (your server)' : `  ${pc.dim(`state ${stack.dbFile}, log ${stack.serverLog}`)}`}`));
  if (stack.uiUrl) lines.push(row('Web UI', pc.cyan(`${stack.uiUrl}/namespaces/${stack.namespace}/workflows`)));
  lines.push(row('Worker', `task queue ${stack.taskQueue}`));
  if (stack.alertsUrl) lines.push(row('Alerts', `${stack.alertsUrl}/api/alertmanager ${pc.dim('(Alertmanager webhook; /api/alerts for JSON, /metrics)')}`));
  if (stack.telemetry) lines.push(row('Telemetry', `${stack.telemetry.udp} ${pc.dim(`(StatsD; ${stack.telemetry.metrics})`)}`));
  if (stack.demoService) lines.push(row('Demo svc', `${stack.demoService.url}/health`));
  if (telemetry) {
    const what = `${telemetry.points} points of ${telemetry.source}`;
    if (telemetry.incidentId) {
      lines.push(row('Anomaly', `${telemetry.incidentId} ${pc.dim(`(${telemetry.resumed ? 'opened on an earlier start by' : 'opened by the detector on'} ${what})`)}`));
      lines.push(row('', `npx swaybot incident show ${telemetry.incidentId}`));
      const link = workflowLink(stack, telemetry.incidentId);
      if (link) lines.push(row('', pc.cyan(link)));
    } else lines.push(row('Anomaly', pc.dim(`none yet from ${what}; see the worker output above`)));
  }
  if (capacity) {
    const s = capacity.status;
    const plan = s.diff && s.plan ? `${s.diff.current} → ${s.diff.next} replicas now, peak ${s.plan.peak.replicas} at ${new Date(s.plan.peak.t).toISOString().slice(11, 16)} UTC` : s.error ?? '';
    lines.push(row('Capacity', `${s.service}: ${plan} ${pc.dim(`(${s.state}${s.forecast ? `; forecast ${s.forecast.model}` : ''})`)}`));
    if (s.state === 'awaiting-approval') {
      const who = next.approver(s.approvers ?? []);
      const as = who === undefined ? ' --as <member of capacity.approvers>' : ` --as ${who}`;
      lines.push(row('Approve', `npx swaybot capacity approve ${s.service}${as}   ${pc.dim(`(reject: … reject ${s.service}${as} --reason "…")`)}`));
    }
    if (s.chart) lines.push(row('', pc.dim(`chart ${s.chart}`)));
    const link = workflowLink(stack, capacity.workflowId);
    if (link) lines.push(row('', pc.cyan(link)));
  }
  if (stack.drill) {
    const racks = stack.drill.bmcs.length === 1 ? '1 simulated BMC' : `${stack.drill.bmcs.length} simulated BMCs`;
    lines.push(row('Drill', `${racks} ${pc.dim(`(${stack.drill.inventoryPath}; --no-drill to skip)`)}`));
    lines.push(row('Hardware', 'npx swaybot hardware status'));
    lines.push(row('Replica', `npx swaybot replica model drill-web-01   ${pc.dim('(a 1:10 scale model: STL + preview PNG; replica print sends it to OctoPrint)')}`));
  }
  if (demo) {
    const id = demo.workflowId;
    lines.push('', ` ${pc.bold(`Demo run: ${safeText(demo.plan.title)}`)} ${pc.dim(demo.resumed ? '(resumed: it was in flight)' : '(started)')}`);
    if (demo.incidentId) {
      lines.push(row('Incident', `${demo.incidentId} ${pc.dim('(opened by the demo alert through the alert receiver)')}`));
      lines.push(row('', `npx swaybot incident show ${demo.incidentId}`));
      const incidentLink = workflowLink(stack, demo.incidentId);
      if (incidentLink) lines.push(row('', pc.cyan(incidentLink)));
    }
    lines.push(row('Workflow', id));
    const link = workflowLink(stack, id);
    if (link) lines.push(row('Open', pc.cyan(link)));
    lines.push(row('Status', next.status(id)));
    for (const step of demo.plan.steps) {
      if (step.approval) lines.push(row('Approve', next.decide(id, step.id, approverGroups(demo.plan, step))[0]!));
      if (step.kind === 'manual') {
        const open = step.checklist.filter((i) => !i.checked).map((i) => ({ id: i.id, text: i.text }));
        const [all] = next.tick(id, step.id, open);
        if (all) lines.push(row('Tick', `${all}${open.length > 1 ? '; add an item id to tick one' : ''}`));
      }
    }
    lines.push(pc.dim(`   (or npm run swaybot -- runbook …; each step shows up below as the run reaches it)`));
  } else {
    lines.push('', `   Start a run:  npx swaybot runbook run runbooks/<file>.md --param name=value`);
  }
  if (inFlight.length > 0) {
    lines.push('', ` ${pc.bold(`Runs in flight (${inFlight.length})`)} ${pc.dim(`they carry on here; what waits for you: ${next.list('--waiting-for-me')}`)}`);
    lines.push(...formatRuns(inFlight).split('\n').map((l) => `   ${l}`));
  }
  lines.push('', ` Ctrl-C stops everything; running it again resumes runs in flight.`, rule, '');
  return lines.join('\n');
}
