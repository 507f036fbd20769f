/**
 * Prints an expression back as source, with only the parentheses precedence
 * needs. Error messages use it to name the failing sub-expression.
 */
import type { Expr } from './ast.js';

const PRECEDENCE: ReadonlyMap<string, number> = new Map([
  ['||', 1], ['&&', 2], ['==', 3], ['!=', 3], ['<', 4], ['<=', 4], ['>', 4], ['>=', 4], ['in', 4],
  ['+', 5], ['-', 5], ['*', 6], ['/', 6], ['%', 6],
]);
const UNARY = 7;
const POSTFIX = 8;

function precedenceOf(expr: Expr): number {
  switch (expr.kind) {
    case 'conditional': return 0;
    case 'logical':
    case 'binary': return PRECEDENCE.get(expr.op) ?? 0;
    case 'unary': return UNARY;
    default: return POSTFIX;
  }
}

function wrap(expr: Expr, min: number): string {
  const text = formatExpr(expr);
  return precedenceOf(expr) < min ? `(${text})` : text;
}

/** Source text of `expr`, normalised (spacing, quotes). */
export function formatExpr(expr: Expr): string {
  switch (expr.kind) {
    case 'literal':
      return typeof expr.value === 'string' ? `'${JSON.stringify(expr.value).slice(1, -1).replace(/'/g, "\\'").replace(/\\"/g, '"')}'` : String(expr.value);
    case 'ident':
      return expr.name;
    case 'member':
      return expr.computed || expr.property.kind !== 'literal'
        ? `${wrap(expr.object, POSTFIX)}[${formatExpr(expr.property)}]`
        : `${wrap(expr.object, POSTFIX)}.${String(expr.property.value)}`;
    case 'call':
      return `${expr.callee}(${expr.args.map(formatExpr).join(', ')})`;
    case 'array':
      return `[${expr.items.map(formatExpr).join(', ')}]`;
    case 'unary':
      return `${expr.op}${wrap(expr.operand, UNARY)}`;
    case 'logical':
    case 'binary': {
      const p = PRECEDENCE.get(expr.op) ?? 0;
      // Left-associative: a right operand of equal precedence needs parentheses.
      return `${wrap(expr.left, p)} ${expr.op} ${wrap(expr.right, p + 1)}`;
    }
    case 'conditional':
      return `${wrap(expr.test, 1)} ? ${formatExpr(expr.then)} : ${formatExpr(expr.otherwise)}`;
  }
}
