/**
 * Public surface of the template language (reference: docs/expressions.md).
 *
 * Grammar (precedence low → high):
 *   cond   := or ('?' cond ':' cond)?
 *   or     := and ('||' and)*          and := eq ('&&' eq)*
 *   eq     := rel (('=='|'!=') rel)*    rel := add (('<'|'<='|'>'|'>='|'in') add)*
 *   add    := mul (('+'|'-') mul)*      mul := unary (('*'|'/'|'%') unary)*
 *   unary  := ('!'|'-') unary | postfix
 *   postfix:= primary ('.' ident | '[' cond ']' | '(' args ')')*   -- calls only on builtin names
 *   primary:= number | 'string' | "string" | true | false | null | ident | '(' cond ')' | '[' list ']'
 * Builtins: default(a,b) len(x) lower(s) upper(s) contains(a,b) join(arr,sep?) string(x) number(x) json(x)
 * Member access reads own properties of plain objects/arrays only; `__proto__`,
 * `constructor`, `prototype` are refused. Missing members evaluate to `null`.
 * `==`/`!=` are strict (structural for arrays/objects; `1 != '1'`). `+`
 * concatenates when either side is a string. `&&`/`||` return the deciding
 * operand. Truthiness is JS's, except that `[]` is false.
 * Limits: 2000 characters and 64 nesting levels per expression; text an
 * expression builds, and a rendered value as JSON, at most 1 MiB (`MAX_TEXT`).
 *
 * Pure TypeScript, deterministic, no imports outside this folder: safe in the
 * Temporal workflow sandbox.
 */
export { parseExpression, ExprSyntaxError, MAX_LENGTH, MAX_DEPTH } from './parse.js';
export { isExprSyntaxError } from './syntax-error.js';
export type { Expr } from './ast.js';
export { evaluate, ExprEvalError, truthy } from './evaluate.js';
export type { Scope } from './evaluate.js';
export { isExprEvalError } from './eval-error.js';
export { formatExpr } from './format.js';
export { rootsOf } from './analyse.js';
export type { IdentRef } from './analyse.js';
export { BUILTINS } from './builtins.js';
export { jsonSize, MAX_TEXT } from './values.js';
export {
  parseTemplate,
  hasTemplate,
  renderValue,
  templateRoots,
  evaluateCondition,
  conditionRoots,
} from './template.js';
export type { TemplatePart, RootRef } from './template.js';
