/**
 * Public surface of the template language. CONTRACT (implementation in progress):
 *
 * Grammar (precedence low → high):
 *   cond   := or ('?' cond ':' cond)?
 *   or     := and ('||' and)*          and := eq ('&&' eq)*
 *   eq     := rel (('=='|'!=') rel)*    rel := add (('<'|'<='|'>'|'>='|'in') add)*
 *   add    := mul (('+'|'-') mul)*      mul := unary (('*'|'/'|'%') unary)*
 *   unary  := ('!'|'-') unary | postfix
 *   postfix:= primary ('.' ident | '[' cond ']' | '(' args ')')*   -- calls only on builtin names
 *   primary:= number | 'string' | "string" | true | false | null | ident | '(' cond ')' | '[' list ']'
 * Builtins: default(a,b) len(x) lower(s) upper(s) contains(a,b) join(arr,sep) string(x) number(x) json(x)
 * Member access reads own properties of plain objects/arrays only; `__proto__`,
 * `constructor`, `prototype` are refused. Missing members evaluate to `null`.
 * `==`/`!=` are strict. `+` concatenates when either side is a string.
 */
export { parseExpression, ExprSyntaxError } from './parse.js';
export type { Expr } from './ast.js';
export { evaluate, ExprEvalError, truthy } from './evaluate.js';
export { rootsOf } from './analyse.js';
export {
  parseTemplate,
  hasTemplate,
  renderValue,
  templateRoots,
  evaluateCondition,
  conditionRoots,
} from './template.js';
export type { TemplatePart, RootRef } from './template.js';
