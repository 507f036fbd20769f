/**
 * Static analysis for the compiler: which root variables an expression reads,
 * so unknown names can be reported before a run starts.
 */
import type { Expr } from './ast.js';

/** One mention of a root variable; `offset` is where the identifier starts. */
export interface IdentRef {
  name: string;
  offset: number;
}

function walk(expr: Expr, out: IdentRef[]): void {
  switch (expr.kind) {
    case 'literal': return;
    case 'ident': out.push({ name: expr.name, offset: expr.start }); return;
    case 'member': walk(expr.object, out); walk(expr.property, out); return;
    // Builtin names are callees, not variables, so they never show up as roots.
    case 'call': expr.args.forEach((arg) => walk(arg, out)); return;
    case 'array': expr.items.forEach((item) => walk(item, out)); return;
    case 'unary': walk(expr.operand, out); return;
    case 'logical':
    case 'binary': walk(expr.left, out); walk(expr.right, out); return;
    case 'conditional': walk(expr.test, out); walk(expr.then, out); walk(expr.otherwise, out); return;
  }
}

/**
 * Root identifiers referenced by `expr`, in source order, one entry per
 * mention (`params.a + params.b` gives `params` twice, at both offsets).
 */
export function rootsOf(expr: Expr): IdentRef[] {
  const out: IdentRef[] = [];
  walk(expr, out);
  return out;
}
