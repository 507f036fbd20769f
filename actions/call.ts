import type { ActionCall, TemplateValue } from '../plan/types.js';
import type { ActionDefinition } from './definition.js';
import { defaultCatalogue } from './registry.js';

/**
 * The call a step makes: the action's name, its runner and the (templated)
 * arguments. The compiler builds every step's call with it, and so does any
 * client that starts a one-step run, so both always agree on the runner.
 * `action` is a definition or a name in the built-in catalogue.
 */
export function callOf(action: ActionDefinition | string, args: { [key: string]: TemplateValue }): ActionCall {
  const definition = typeof action === 'string' ? defaultCatalogue().require(action) : action;
  return { action: definition.name, runner: { ...definition.runner }, with: args };
}
