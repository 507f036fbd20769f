/**
 * The static summary and details a run carries from its start, shown at the
 * top of the workflow page in the Web UI.
 */
import type { ParamSpec, Plan, Step } from '../plan/types.js';
import { splitSecretRefs } from '../secrets/index.js';

/** One line for the workflow list. */
export function runSummary(plan: Plan): string {
  return `Runbook: ${oneLine(plan.title)}`;
}

/** Markdown: where the plan came from, the parameters of this run, the steps. */
export function runDetails(plan: Plan, params: Record<string, unknown>): string {
  const lines = [
    `**Runbook** \`${plan.id}\`: ${oneLine(plan.title)}`,
    '',
    `- Source: \`${plan.source}\``,
    `- Plan hash: \`${plan.hash.slice(0, 12)}\``,
    '',
    '**Parameters**',
    '',
  ];
  if (plan.params.length === 0) lines.push('(none)');
  else {
    lines.push('| name | value | |', '|---|---|---|');
    for (const spec of plan.params) {
      const given = Object.prototype.hasOwnProperty.call(params, spec.name);
      const value = given ? params[spec.name] : spec.default;
      lines.push(`| ${spec.name} | ${paramCell(spec, value)} | ${given ? '' : 'default'} |`);
    }
  }
  lines.push('', '**Steps**', '');
  plan.steps.forEach((step, i) => lines.push(`${i + 1}. ${oneLine(step.title)}${stepNote(step, plan)}`));
  return lines.join('\n');
}

/**
 * A parameter's value as the details show it. Secret references show as written (they name where
 * the value lives, never the value); a param marked `secret: true` whose value is anything but
 * one reference shows as `[secret]`.
 */
function paramCell(spec: ParamSpec, value: unknown): string {
  if (isSecretParam(spec) && value !== undefined && !isReference(value)) return '`[secret]`';
  return `\`${cell(JSON.stringify(value ?? null))}\``;
}

/** `secret: true` on a param spec (the compiler sets it; older plans have no such key). */
function isSecretParam(spec: ParamSpec): boolean {
  return (spec as ParamSpec & { secret?: unknown }).secret === true;
}

/** Exactly one secret reference, `{secret:env/NAME}`, and nothing else. */
function isReference(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const parts = splitSecretRefs(value);
    return parts.length === 1 && parts[0]?.kind === 'ref';
  } catch {
    return false;
  }
}

function stepNote(step: Step, plan: Plan): string {
  const notes: string[] = [];
  if (step.kind === 'action') notes.push(`\`${step.action}\``);
  if (step.kind === 'manual') notes.push(`checklist of ${step.checklist.length}`);
  if (step.when) notes.push(`when ${code(oneLine(step.when))}`);
  if (step.approval) {
    const groups = step.approval.groups.length > 0 ? step.approval.groups : plan.approvers;
    notes.push(`approval: ${groups.join(', ')}`);
  }
  return notes.length ? ` (${notes.join('; ')})` : '';
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Table cells need `|` escaped; list items must not escape it (the backslash would show). */
function cell(text: string): string {
  return oneLine(text).replace(/\|/g, '\\|');
}

/** An inline code span that survives backticks in the text (CommonMark: a longer fence). */
function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}
