/**
 * `when:` conditions: a bare expression, or for convenience one `{{ expr }}`.
 */
import type { Expr } from './ast.js';
import { rootsOf } from './analyse.js';
import { evaluate } from './evaluate.js';
import { parseExpression } from './parse.js';
import { parseTemplate } from './template-parse.js';
import { soleExpression, type RootRef } from './template-render.js';
import { truthy } from './values.js';

/** Parses a condition; offsets are into `src` either way. */
function parseCondition(src: string): Expr {
  const trimmed = src.trim();
  if (trimmed.startsWith('{{') && trimmed.endsWith('}}')) {
    const sole = soleExpression(parseTemplate(src));
    if (sole) return sole.expr;
  }
  return parseExpression(src);
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
