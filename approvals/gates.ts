/**
 * Which action calls need a person's approval before they run, and which are destructive (a
 * second person must approve them: whoever started the run may not). Pure and small, because
 * three places read it: the catalogue (actions/hardware.ts) for the compiler's rule, the
 * interpreter (workflow code), which refuses a gated call that no approval let through, and
 * the Update validator, for separation of duties.
 */

/** Power-changing actions always need an approval. */
export const powerNeedsApproval = (): boolean => true;

/** Reading the event log is harmless; clearing it loses evidence. A templated `clear` counts as clearing. */
export const eventsNeedApproval = (args: Readonly<Record<string, unknown>>): boolean => args['clear'] !== undefined && args['clear'] !== false;

interface Gate {
  needsApproval(args: Readonly<Record<string, unknown>>): boolean;
  /** A gated call of this action is destructive: it cannot be undone, so one person may not do it alone. */
  destructive: boolean;
}

const GATES: Readonly<Record<string, Gate>> = {
  'hardware.power': { needsApproval: powerNeedsApproval, destructive: true },
  'hardware.events': { needsApproval: eventsNeedApproval, destructive: true },
  // A print takes a printer for hours and uses material; a person approves it, alone if they like.
  'replica.print': { needsApproval: () => true, destructive: false },
};

/** The actions that have a gate, for the check that the catalogue says the same. */
export const GATED_ACTIONS: readonly string[] = Object.keys(GATES);

function argsOf(args: unknown): Readonly<Record<string, unknown>> {
  return typeof args === 'object' && args !== null && !Array.isArray(args) ? (args as Record<string, unknown>) : {};
}

/** True when calling `action` with `args` (rendered, or as written) needs a passed approval. */
export function needsApproval(action: string, args: unknown): boolean {
  const gate = Object.hasOwn(GATES, action) ? GATES[action] : undefined;
  return gate !== undefined && gate.needsApproval(argsOf(args));
}

/** True when the call is gated and destructive: its approver must not be whoever started the run. */
export function isDestructive(action: string, args: unknown): boolean {
  const gate = Object.hasOwn(GATES, action) ? GATES[action] : undefined;
  return gate !== undefined && gate.destructive && gate.needsApproval(argsOf(args));
}

/** The shortest approval timeout the compiler accepts on a gated action: shorter ones pass before anyone can read them. */
export const MIN_GATED_TIMEOUT_MS = 60_000;
