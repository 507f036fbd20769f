/**
 * The "what to type next" lines of `swaybot incident …`, built so each works when pasted:
 * every incident action needs a responder (a member of any group), approvals a member of
 * the step's approver groups, so `--as` names one the workflow accepts whenever the
 * current user is not one (as cli/next-steps.ts does for runbook runs).
 */
import type { IncidentStatus, PendingStep } from '../../incidents/types.js';
import { NextSteps, quote } from '../next-steps.js';

export interface IncidentNextStepsOptions {
  /** Approver directory: `groups` of the configuration (what incidents snapshot when they open). */
  directory: Record<string, string[]>;
  /** Who the CLI acts as (`currentUser`). */
  me: string;
  /** How to call the CLI (default `npx swaybot`). */
  cli?: string;
}

export class IncidentNextSteps {
  readonly #directory: Record<string, string[]>;
  readonly #me: string;
  readonly #cli: string;
  readonly #runbook: NextSteps;

  constructor(options: IncidentNextStepsOptions) {
    this.#directory = options.directory;
    this.#me = options.me;
    this.#cli = options.cli ?? 'npx swaybot';
    this.#runbook = new NextSteps(options);
  }

  /** The responder `--as` names: the current user when in any group, else the first member of any group. */
  responder(): string | undefined {
    const members = Object.values(this.#directory).flat();
    return members.includes(this.#me) ? this.#me : members[0];
  }

  /** ` --as <user>` when the current user is not who the action needs, else nothing. */
  #as(who: string | undefined): string {
    return who === undefined || who === this.#me ? '' : ` --as ${quote(who)}`;
  }

  show(id: string): string {
    return `${this.#cli} incident show ${id}`;
  }

  list(filter = ''): string {
    return `${this.#cli} incident list${filter ? ` ${filter}` : ''}`;
  }

  acknowledge(id: string): string {
    return `${this.#cli} incident ack ${id}${this.#as(this.responder())}`;
  }

  resolve(id: string): string {
    return `${this.#cli} incident resolve ${id}${this.#as(this.responder())}`;
  }

  postmortem(id: string): string {
    return `${this.#cli} incident postmortem ${id}`;
  }

  /** Approve and reject lines for the gate `step` waits on, or a `#` line saying nobody configured may decide it. */
  decide(id: string, step: Pick<PendingStep, 'id' | 'approvers'>): string[] {
    const groups = step.approvers ?? [];
    const who = this.#runbook.approver(groups);
    if (who === undefined) {
      const names = groups.length > 0 ? groups.map((g) => `\`${g}\``).join(', ') : 'no group';
      return [`# nobody can approve ${step.id}: ${names} has no members in \`groups\` of swaybot.config.yaml; add one, then: ${this.#cli} incident approve ${id} ${step.id} --as <member>`];
    }
    const as = ` --as ${quote(who)}`;
    return [`${this.#cli} incident approve ${id} ${step.id}${as}`, `${this.#cli} incident reject ${id} ${step.id}${as} --reason ${quote('…')}`];
  }

  /** Tick every open item at once, then each item on its own (when there are several). */
  tick(id: string, step: Pick<PendingStep, 'id' | 'checklist'>): string[] {
    const open = (step.checklist ?? []).filter((i) => !i.done);
    if (open.length === 0) return [];
    const as = this.#as(this.responder());
    const all = open.length === 1 ? 'its one item' : `all ${open.length} items`;
    return [
      `${this.#cli} incident tick ${id} ${step.id}${as}    # ${all}`,
      ...(open.length > 1 ? open.map((i) => `${this.#cli} incident tick ${id} ${step.id} ${quote(i.id)}${as}    # ${i.text}`) : []),
    ];
  }

  /** The lines that move an open incident on: its runbook's waiting step, acknowledging, resolving. */
  forIncident(s: IncidentStatus): string[] {
    if (s.resolvedAt !== undefined) return [this.postmortem(s.id)];
    const lines: string[] = [];
    const pending = s.runbook?.pendingStep;
    if (pending?.state === 'awaiting-approval') lines.push(...this.decide(s.id, pending));
    if (pending?.state === 'awaiting-checklist') lines.push(...this.tick(s.id, pending));
    if (s.acknowledgedAt === undefined) lines.push(this.acknowledge(s.id));
    lines.push(this.resolve(s.id));
    return lines;
  }
}
