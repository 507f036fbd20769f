/**
 * The one place the interpreter meets the template language, so a change in
 * the `expr/` API touches one file. Rendering is pure and deterministic.
 */
import { evaluateCondition, renderValue } from '../expr/index.js';
import type { TemplateValue } from '../plan/types.js';

/** Names visible to templates: `params`, `incident`, `run` and earlier outputs by `as`. */
export type Scope = Record<string, unknown>;

/** Renders every `{{ }}` in `value` against `scope`; `what` names the place in errors. */
export function render(value: TemplateValue, scope: Scope, what: string): unknown {
  try {
    return renderValue(value, scope);
  } catch (err) {
    throw new TemplateError(`${what}: ${messageOf(err)}`);
  }
}

/** Evaluates a step's `when` condition. */
export function condition(source: string, scope: Scope, what: string): boolean {
  try {
    return evaluateCondition(source, scope);
  } catch (err) {
    throw new TemplateError(`${what}: ${messageOf(err)}`);
  }
}

/** A template or condition that could not be evaluated; it fails the step. */
export class TemplateError extends Error {
  override name = 'TemplateError';
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
