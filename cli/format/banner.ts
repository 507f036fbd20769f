/** The banner `swaybot up` prints once everything runs: where to look and what to type. */
import pc from 'picocolors';
import type { DemoRun } from '../../devstack/demo-run.js';
import type { Stack } from '../../devstack/stack.js';

export interface BannerInput {
  stack: Stack;
  demo?: DemoRun;
  /** `--as` to suggest for an approval step, when the default user is not an approver. */
  approverFor?: (stepId: string) => string | undefined;
}

function workflowLink(stack: Stack, workflowId: string): string | undefined {
  return stack.uiUrl ? `${stack.uiUrl}/namespaces/${encodeURIComponent(stack.namespace)}/workflows/${encodeURIComponent(workflowId)}` : undefined;
}

export function stackBanner({ stack, demo, approverFor }: BannerInput): string {
  const rule = pc.dim('─'.repeat(72));
  const row = (label: string, value: string) => `   ${pc.dim(label.padEnd(10))} ${value}`;
  const lines = ['', rule, ` ${pc.green(pc.bold('swaybot is up'))}`, ''];
  lines.push(row('Temporal', `${stack.address}${stack.external ? ' (your server)' : `  ${pc.dim(`state ${stack.dbFile}, log ${stack.serverLog}`)}`}`));
  if (stack.uiUrl) lines.push(row('Web UI', pc.cyan(`${stack.uiUrl}/namespaces/${stack.namespace}/workflows`)));
  lines.push(row('Worker', `task queue ${stack.taskQueue}`));
  if (stack.demoService) lines.push(row('Demo svc', `${stack.demoService.url}/health`));
  if (stack.drill) {
    const racks = stack.drill.bmcs.length === 1 ? '1 simulated BMC' : `${stack.drill.bmcs.length} simulated BMCs`;
    lines.push(row('Drill', `${racks} ${pc.dim(`(${stack.drill.inventoryPath}; --no-drill to skip)`)}`));
    lines.push(row('Hardware', 'npx swaybot hardware status'));
  }
  if (demo) {
    const id = demo.workflowId;
    lines.push('', ` ${pc.bold(`Demo run: ${demo.plan.title}`)} ${pc.dim(demo.resumed ? '(resumed: it was in flight)' : '(started)')}`);
    lines.push(row('Workflow', id));
    const link = workflowLink(stack, id);
    if (link) lines.push(row('Open', pc.cyan(link)));
    lines.push(row('Status', `npx swaybot runbook status ${id}`));
    for (const step of demo.plan.steps) {
      if (step.approval) {
        const who = approverFor?.(step.id);
        lines.push(row('Approve', `npx swaybot runbook approve ${id} ${step.id}${who ? ` --as ${who}` : ''}`));
      }
      if (step.kind === 'manual') {
        const open = step.checklist.filter((i) => !i.checked);
        const what = open.length === 1 ? 'its one item' : `all ${open.length} items; add an item id to tick one`;
        if (open.length > 0) lines.push(row('Tick', `npx swaybot runbook tick ${id} ${step.id}  ${pc.dim(`(${what})`)}`));
      }
    }
    lines.push(pc.dim(`   (or npm run swaybot -- runbook …; each step shows up below as the run reaches it)`));
  } else {
    lines.push('', `   Start a run:  npx swaybot runbook run runbooks/<file>.md --param name=value`);
  }
  lines.push('', ` Ctrl-C stops everything; running it again resumes runs in flight.`, rule, '');
  return lines.join('\n');
}
