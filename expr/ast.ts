/**
 * Syntax tree of an expression. Plain JSON-like objects, so a parsed template
 * can be cached or logged. `start`/`end` are offsets into the parsed string
 * (shifted by the base offset the caller gave, e.g. the template position).
 */
interface Span {
  start: number;
  end: number;
}

export type BinaryOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | '+' | '-' | '*' | '/' | '%';
export type LogicalOp = '&&' | '||';
export type UnaryOp = '!' | '-';

export interface LiteralNode extends Span {
  kind: 'literal';
  value: string | number | boolean | null;
}
export interface IdentNode extends Span {
  kind: 'ident';
  name: string;
}
/** `object.name` or `object[index]`; `computed` is false for the dot form. */
export interface MemberNode extends Span {
  kind: 'member';
  object: Expr;
  property: Expr;
  computed: boolean;
}
/** A call of a builtin; the parser refuses any other callee. */
export interface CallNode extends Span {
  kind: 'call';
  callee: string;
  args: Expr[];
}
export interface UnaryNode extends Span {
  kind: 'unary';
  op: UnaryOp;
  operand: Expr;
}
export interface BinaryNode extends Span {
  kind: 'binary';
  op: BinaryOp;
  left: Expr;
  right: Expr;
}
/** `&&`/`||` short-circuit, so they are kept apart from the strict binary operators. */
export interface LogicalNode extends Span {
  kind: 'logical';
  op: LogicalOp;
  left: Expr;
  right: Expr;
}
export interface ConditionalNode extends Span {
  kind: 'conditional';
  test: Expr;
  then: Expr;
  otherwise: Expr;
}
export interface ArrayNode extends Span {
  kind: 'array';
  items: Expr[];
}

export type Expr =
  | LiteralNode
  | IdentNode
  | MemberNode
  | CallNode
  | UnaryNode
  | BinaryNode
  | LogicalNode
  | ConditionalNode
  | ArrayNode;

/** Member names that would reach prototypes; refused at parse and evaluation time. */
export const FORBIDDEN_MEMBERS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
