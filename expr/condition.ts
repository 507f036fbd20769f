/**
 * `when:` conditions: a bare expression, or for convenience one `{{ expr }}`.
 */
import type { Expr } from './ast.js';
import { rootsOf } from './analyse.js';
import { evaluate } from './evaluate.js';
import { parseExpression } from './parse.js';
import { ExprSyntaxError } from './syntax-error.js';
import { hasTemplate, parseTemplate } from './template-parse.js';
import { soleExpression, type RootRef } from './template-render.js';
import { truthy } from './values.js';

/** Parses a condition; offsets are into `src` either way. */
function parseCondition(src: string): Expr {
  if (!hasTemplate(src)) return parseExpression(src);
  const sole = soleExpression(parseTemplate(src));
  if (sole) return sole.expr;
  // e.g. `{{ a }} && {{ b }}`: braces go around the whole condition, or nowhere.
  throw new ExprSyntaxError('Unexpected text around `{{ }}`, expected a bare expression or one `{{ expr }}`', src.indexOf('{{'));
}

/**
 * Evaluates a condition to a boolean with the language's truthiness (JS rules,
 * plus `[]` is false). Throws ExprSyntaxError or ExprEvalError only.
 */
export function evaluateCondition(src: string, scope: Record<string, unknown>): boolean {
  return truthy(evaluate(parseCondition(src), scope));
}

/** Root variables a condition reads (`path` is `[]`). Throws ExprSyntaxError on a bad condition. */
export function conditionRoots(src: string): RootRef[] {
  return rootsOf(parseCondition(src)).map((ref) => ({ name: ref.name, path: [], offset: ref.offset }));
}
