/**
 * The action catalogue: every runbook action by name. The compiler validates
 * `swaybot` blocks against it; the interpreter calls the named activity;
 * activities re-validate their arguments with the same schema after templates
 * are rendered. A new family is one file beside this one, listed below.
 */
import { coreActions } from './core.js';
import type { ActionDefinition } from './definition.js';
import { hardwareActions } from './hardware.js';
import { replicaActions } from './replica.js';

export const builtinActions: readonly ActionDefinition[] = [...coreActions, ...hardwareActions, ...replicaActions];

/** A catalogue is a lookup by action name; tests and later issues extend it. */
export class Catalogue {
  readonly #actions = new Map<string, ActionDefinition>();

  constructor(actions: Iterable<ActionDefinition> = builtinActions) {
    for (const action of actions) this.add(action);
  }

  add(action: ActionDefinition): this {
    if (this.#actions.has(action.name)) throw new Error(`Cannot add action \`${action.name}\` twice`);
    this.#actions.set(action.name, action);
    return this;
  }

  get(name: string): ActionDefinition | undefined {
    return this.#actions.get(name);
  }

  /** The action named `name`; throws when there is none (a programming error, not a user's). */
  require(name: string): ActionDefinition {
    const action = this.#actions.get(name);
    if (!action) throw new Error(`Cannot find action \`${name}\` in the catalogue (known: ${this.names().join(', ')})`);
    return action;
  }

  names(): string[] {
    return [...this.#actions.keys()].sort();
  }

  list(): ActionDefinition[] {
    return this.names().map((n) => this.#actions.get(n)!);
  }
}

export const defaultCatalogue = (): Catalogue => new Catalogue(builtinActions);
