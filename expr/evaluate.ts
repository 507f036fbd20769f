/**
 * Deterministic evaluator. Reads only own data properties of plain objects and
 * arrays, calls only builtins, and reports every failure as an ExprEvalError
 * naming the sub-expression, so it is safe inside the Temporal workflow sandbox.
 */
import { FORBIDDEN_MEMBERS, type BinaryNode, type Expr } from './ast.js';
import { BUILTINS, contains } from './builtins.js';
import { ExprEvalError, isExprEvalError } from './eval-error.js';
import { formatExpr } from './format.js';
import { aTypeName, deepEqual, isPlainObject, MAX_TEXT, MAX_TEXT_SHOWN, truthy, typeName } from './values.js';

export { ExprEvalError } from './eval-error.js';
export { truthy } from './values.js';

/** Variables visible to an expression, e.g. `{ params, incident, run, ...outputs }`. */
export type Scope = Readonly<Record<string, unknown>>;

function fail(node: Expr, reason: string): never {
  throw new ExprEvalError(`${reason} in \`${formatExpr(node)}\``, node.start);
}

/** Own data property `key` of a plain object or array; `null` when absent. Never runs getters. */
function readOwn(container: object, key: string): unknown {
  if (!Object.prototype.hasOwnProperty.call(container, key)) return null;
  const descriptor = Object.getOwnPropertyDescriptor(container, key);
  return descriptor && 'value' in descriptor ? (descriptor.value ?? null) : null;
}

function member(node: Expr & { kind: 'member' }, scope: Scope): unknown {
  const object = run(node.object, scope);
  const key = run(node.property, scope);
  if (typeof key !== 'string' && typeof key !== 'number') fail(node, `Cannot use ${aTypeName(key)} as a member name`);
  const name = String(key);
  if (FORBIDDEN_MEMBERS.has(name)) fail(node, `Refused member \`${name}\` (prototype access)`);
  // Reading through a missing value yields null, so `out.a.b` works before `out` exists.
  if (object === null || object === undefined) return null;
  if (!Array.isArray(object) && !isPlainObject(object)) fail(node, `Cannot read \`${name}\` of ${aTypeName(object)}`);
  return readOwn(object, name);
}

function arithmetic(node: BinaryNode, left: unknown, right: unknown): unknown {
  if (node.op === '+' && (typeof left === 'string' || typeof right === 'string')) {
    const a = left === null || left === undefined ? '' : stringOf(node, left);
    const b = right === null || right === undefined ? '' : stringOf(node, right);
    // Checked before concatenating: `s + s + s …` doubles nothing past the limit.
    if (a.length + b.length > MAX_TEXT) fail(node, `Result of ${a.length + b.length} characters is longer than ${MAX_TEXT_SHOWN}`);
    return a + b;
  }
  if (typeof left !== 'number' || typeof right !== 'number') {
    fail(node, `Cannot apply \`${node.op}\` to ${typeName(left)} and ${typeName(right)}`);
  }
  if ((node.op === '/' || node.op === '%') && right === 0) fail(node, 'Division by zero');
  const result =
    node.op === '+' ? left + right : node.op === '-' ? left - right : node.op === '*' ? left * right : node.op === '/' ? left / right : left % right;
  if (!Number.isFinite(result)) fail(node, 'Result is not a finite number');
  return result;
}

/** String concatenation converts only scalars; joining objects into text needs `json()`. */
function stringOf(node: BinaryNode, value: unknown): string {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  return fail(node, `Cannot concatenate ${aTypeName(value)}; use json() or join()`);
}

function compare(node: BinaryNode, left: unknown, right: unknown): boolean {
  const bothNumbers = typeof left === 'number' && typeof right === 'number';
  const bothStrings = typeof left === 'string' && typeof right === 'string';
  if (!bothNumbers && !bothStrings) fail(node, `Cannot compare ${typeName(left)} with ${typeName(right)} using \`${node.op}\``);
  const [a, b] = [left as number | string, right as number | string];
  return node.op === '<' ? a < b : node.op === '<=' ? a <= b : node.op === '>' ? a > b : a >= b;
}

function binary(node: BinaryNode, scope: Scope): unknown {
  const left = run(node.left, scope);
  const right = run(node.right, scope);
  switch (node.op) {
    case '==': return deepEqual(left, right);
    case '!=': return !deepEqual(left, right);
    case '<': case '<=': case '>': case '>=': return compare(node, left, right);
    case 'in':
      try {
        return contains(right, left);
      } catch (error) {
        return fail(node, `Cannot evaluate \`in\`: ${(error as Error).message}`);
      }
    default: return arithmetic(node, left, right);
  }
}

function run(node: Expr, scope: Scope): unknown {
  switch (node.kind) {
    case 'literal': return node.value;
    case 'ident':
      if (FORBIDDEN_MEMBERS.has(node.name)) fail(node, `Refused variable \`${node.name}\``);
      return readOwn(scope, node.name);
    case 'member': return member(node, scope);
    case 'array': return node.items.map((item) => run(item, scope));
    case 'unary': {
      const value = run(node.operand, scope);
      if (node.op === '!') return !truthy(value);
      if (typeof value !== 'number') fail(node, `Cannot negate ${aTypeName(value)}`);
      return value === 0 ? 0 : -value;
    }
    case 'logical': {
      // Returns the deciding operand, like JS: `a || 'fallback'`.
      const left = run(node.left, scope);
      if (node.op === '&&' ? !truthy(left) : truthy(left)) return left;
      return run(node.right, scope);
    }
    case 'conditional': return run(truthy(run(node.test, scope)) ? node.then : node.otherwise, scope);
    case 'binary': return binary(node, scope);
    case 'call': {
      const builtin = BUILTINS.get(node.callee);
      if (builtin === undefined) return fail(node, `Unknown function \`${node.callee}\``);
      const args = node.args.map((arg) => run(arg, scope));
      try {
        return builtin.apply(args);
      } catch (error) {
        return fail(node, (error as Error).message);
      }
    }
  }
}

/**
 * Evaluates a parsed expression against `scope`. Missing variables and members
 * are `null`; `undefined` never comes out. Throws ExprEvalError only.
 */
export function evaluate(expr: Expr, scope: Scope): unknown {
  try {
    return run(expr, scope) ?? null;
  } catch (error) {
    if (isExprEvalError(error)) throw error;
    // A value the evaluator cannot walk (cycle, exotic object): still an evaluation error.
    throw new ExprEvalError(`Cannot evaluate \`${formatExpr(expr)}\`: ${error instanceof Error ? error.message : String(error)}`, expr.start);
  }
}
