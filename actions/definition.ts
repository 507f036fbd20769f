import type { z } from 'zod';
import type { Runner } from './runner.js';

/** One runbook action: its typed parameters, a one-line description and what runs it. */
export interface ActionDefinition<S extends z.ZodObject = z.ZodObject> {
  name: string;
  description: string;
  params: S;
  runner: Runner;
  /** One line on what the step's `as` output holds, for docs and `runbook check`. */
  output?: string;
  /**
   * True when a call with these (literal, possibly templated) arguments changes
   * something people must approve, e.g. power. The compiler then requires an
   * `approval` on the step, or `unattended: <reason>` to opt out.
   */
  needsApproval?: (args: Readonly<Record<string, unknown>>) => boolean;
  /**
   * A gated call cannot be undone (power, clearing evidence): whoever started the run may not
   * approve it (`approval.allowSelf` is refused). Mirrored in approvals/gates.ts for workflow code.
   */
  destructive?: boolean;
}
