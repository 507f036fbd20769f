/**
 * A plan as a Mermaid `flowchart TD`, for docs and `runbook show`: one node
 * per step (shape by kind), `when` as a diamond, approvals as gates and
 * compensations as dotted edges.
 */
import type { Plan, Step } from '../plan/types.js';

const ENTITIES: Record<string, string> = {
  '#': '#35;', '"': '#quot;', '<': '#lt;', '>': '#gt;', '&': '#amp;', '`': '#96;', '|': '#124;',
};

/** Escapes text for a quoted Mermaid label: entity codes, one line, bounded length. */
export function escapeLabel(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  const cut = oneLine.length > 80 ? `${oneLine.slice(0, 79)}…` : oneLine;
  return cut.replace(/[#"<>&`|]/g, (ch) => ENTITIES[ch] ?? ch);
}

function stepNode(node: string, step: Step): string {
  const title = escapeLabel(step.title);
  switch (step.kind) {
    case 'action':
      return `  ${node}["${title}<br/><i>${escapeLabel(step.action)}</i>"]`;
    case 'manual': {
      const count = step.checklist.length;
      return `  ${node}[/"${title}<br/><i>${count} manual item${count === 1 ? '' : 's'}</i>"/]`;
    }
    case 'info':
      return `  ${node}(["${title}"])`;
  }
}

/** Renders the plan; node ids are generated (`s1`, `s1_when`…) so step ids need no escaping. */
export function planToMermaid(plan: Plan): string {
  const lines = ['flowchart TD', `  start(["${escapeLabel(plan.title)}"])`];
  // Edges waiting for the next step's entry: the flow itself and "skip" branches.
  let pending: { from: string; label?: string }[] = [{ from: 'start' }];
  const connect = (to: string): void => {
    for (const edge of pending) lines.push(edge.label ? `  ${edge.from} -->|${edge.label}| ${to}` : `  ${edge.from} --> ${to}`);
    pending = [];
  };
  plan.steps.forEach((step, index) => {
    const node = `s${index + 1}`;
    if (step.when !== undefined) {
      lines.push(`  ${node}_when{"${escapeLabel(`when ${step.when}`)}"}`);
      connect(`${node}_when`);
      pending = [{ from: `${node}_when`, label: 'yes' }];
    }
    const skips: { from: string; label?: string }[] = step.when !== undefined ? [{ from: `${node}_when`, label: 'no' }] : [];
    if (step.approval) {
      const { groups, timeout, onTimeout, onReject } = step.approval;
      lines.push(`  ${node}_gate{{"${escapeLabel(`approval: ${groups.join(', ')} (${String(timeout)})`)}"}}`);
      connect(`${node}_gate`);
      pending = [{ from: `${node}_gate`, label: onTimeout === 'approve' ? 'approved or timed out' : 'approved' }];
      if (onReject === 'skip' || onTimeout === 'skip') {
        skips.push({ from: `${node}_gate`, label: [onReject === 'skip' ? 'rejected' : '', onTimeout === 'skip' ? 'timed out' : ''].filter(Boolean).join(' or ') });
      }
    }
    lines.push(stepNode(node, step));
    connect(node);
    if (step.kind === 'action' && step.compensate) {
      lines.push(`  ${node}_undo["${escapeLabel(`undo: ${step.compensate.action}`)}"]`);
      lines.push(`  ${node} -.->|on failure| ${node}_undo`);
    }
    pending = [{ from: node }, ...skips];
  });
  lines.push('  done(["end"])');
  connect('done');
  return `${lines.join('\n')}\n`;
}
