/**
 * Workflow ids swaybot gives its own workflows, which a run started by hand must not take: a
 * run named `incident-….runbook` would stand in for an incident's runbook run (and receive the
 * approvals the incident forwards), one named `host-lock:<host>` would block every power change
 * of that host. Light on purpose (no Temporal import): the CLI checks `--id` before it connects.
 */

/** Each prefix, and what uses it; test/cli/workflow-ids.test.ts checks every constructor's ids against it. */
export const RESERVED_PREFIXES: readonly { prefix: string; what: string }[] = [
  { prefix: 'host-lock:', what: 'the per-host power locks' },
  { prefix: 'incident-', what: 'incidents and their runbook runs' },
  { prefix: 'capacity-', what: 'capacity plans and their schedules' },
  { prefix: 'replica-', what: 'replica prints' },
  { prefix: 'hardware-power-', what: '`swaybot hardware power` runs' },
];

/** Why `id` may not be chosen for a run started by hand, or undefined when it may. Case-insensitive, as people read ids. */
export function reservedIdProblem(id: string): string | undefined {
  const lower = id.toLowerCase();
  const hit = RESERVED_PREFIXES.find((p) => lower.startsWith(p.prefix));
  if (!hit) return undefined;
  return `workflow id \`${id}\` starts with \`${hit.prefix}\`, which swaybot keeps for ${hit.what}; pick another id (or leave out --id for runbook-<id>-<time>)`;
}
