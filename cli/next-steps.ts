/**
 * Every "what to type next" line the CLI prints, built in one place so each works when
 * pasted: approvals name an `--as` that the workflow accepts (the current user when a
 * member of an approver group, else the first member in `groups`), and a gate nobody
 * configured can decide says so instead of suggesting a command that would be refused.
 */
import type { StepStatus } from '../workflows/messages.js';
import { currentUser } from './user.js';

export interface NextStepsOptions {
  /** Approver directory: `groups` of the configuration (what runs snapshot at start). */
  directory: Record<string, string[]>;
  /** Who the CLI acts as (`currentUser`). */
  me: string;
  /** How to call the CLI (default `npx swaybot`). */
  cli?: string;
}

/** A step as far as its next steps go: its id, and what the status says it waits for. */
export type WaitingStep = Pick<StepStatus, 'id' | 'state' | 'approvers' | 'checklist' | 'decision'>;

export class NextSteps {
  readonly #directory: Record<string, string[]>;
  readonly #me: string;
  readonly #cli: string;

  constructor(options: NextStepsOptions) {
    this.#directory = options.directory;
    this.#me = options.me;
    this.#cli = options.cli ?? 'npx swaybot';
  }

  /** The user whose `--as` an approval of `groups` accepts, or undefined when no configured user may. */
  approver(groups: readonly string[]): string | undefined {
    const members = groups.flatMap((g) => this.#directory[g] ?? []);
    return members.includes(this.#me) ? this.#me : members[0];
  }

  /** Approve and reject lines for a gate of `groups`, or one `#` line saying nobody configured may decide it. */
  decide(workflowId: string, stepId: string, groups: readonly string[]): string[] {
    const who = this.approver(groups);
    if (who === undefined) {
      const names = groups.length > 0 ? groups.map((g) => `\`${g}\``).join(', ') : 'no group';
      return [`# nobody can approve ${stepId}: ${names} has no members in \`groups\` of swaybot.config.yaml; add one, then: ${this.#cli} runbook approve ${workflowId} ${stepId} --as <member>`];
    }
    const as = `--as ${quote(who)}`;
    return [`${this.#cli} runbook approve ${workflowId} ${stepId} ${as}`, `${this.#cli} runbook reject ${workflowId} ${stepId} ${as} --reason ${quote('…')}`];
  }

  /** Tick every open item at once (anyone may tick), then each item on its own. */
  tick(workflowId: string, stepId: string, open: readonly { id: string; text: string }[]): string[] {
    if (open.length === 0) return [];
    const all = open.length === 1 ? 'its one item' : `all ${open.length} items`;
    return [
      `${this.#cli} runbook tick ${workflowId} ${stepId}    # ${all}`,
      ...(open.length > 1 ? open.map((i) => `${this.#cli} runbook tick ${workflowId} ${stepId} ${i.id}    # ${i.text}`) : []),
    ];
  }

  /** The lines that move `step` on, or none when it waits for nobody. */
  forStep(workflowId: string, step: WaitingStep): string[] {
    if (step.state === 'awaiting-approval' && !step.decision) return this.decide(workflowId, step.id, step.approvers ?? []);
    if (step.state === 'awaiting-checklist') return this.tick(workflowId, step.id, (step.checklist ?? []).filter((i) => !i.done));
    return [];
  }

  status(workflowId: string): string {
    return `${this.#cli} runbook status ${workflowId}`;
  }

  cancel(workflowId: string): string {
    return `${this.#cli} runbook cancel ${workflowId}`;
  }

  list(filter = ''): string {
    return `${this.#cli} runbook list${filter ? ` ${filter}` : ''}`;
  }
}

/** The next steps for the user the command acts as (`SWAYBOT_USER` or the OS user) and the configured `groups`. */
export function nextStepsFor(groups: Record<string, string[]>, env: NodeJS.ProcessEnv): NextSteps {
  return new NextSteps({ directory: groups, me: currentUser(undefined, env) });
}

/** A word the shell passes unchanged, else single-quoted (with `'` escaped), so a pasted line means what it shows. */
export function quote(word: string): string {
  if (/^[\w@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
