/**
 * Recursive-descent parser for the grammar in index.ts. Each precedence level
 * is one loop, so long operator chains do not recurse; only brackets, unary
 * operators and `?:` nest, and they are bounded by MAX_DEPTH (counted in
 * `cond`, which every bracket goes through, and in `unary`).
 */
import { FORBIDDEN_MEMBERS, type BinaryOp, type Expr, type LogicalOp } from './ast.js';
import { BUILTIN_LIST, BUILTINS, checkArity } from './builtins.js';
import { ExprSyntaxError } from './syntax-error.js';
import { tokenize, type Token } from './tokens.js';

export { ExprSyntaxError } from './syntax-error.js';

/** Longest expression accepted, in characters. */
export const MAX_LENGTH = 2000;
/** Deepest nesting of brackets, unary operators and conditionals. */
export const MAX_DEPTH = 64;

const KEYWORDS: ReadonlyMap<string, boolean | null> = new Map([['true', true], ['false', false], ['null', null]]);

/** Binary levels from low to high precedence (below them: unary, postfix). */
const LEVELS: readonly (readonly string[])[] = [['||'], ['&&'], ['==', '!='], ['<', '<=', '>', '>=', 'in'], ['+', '-'], ['*', '/', '%']];

class Parser {
  private pos = 0;
  private depth = 0;
  constructor(
    private readonly tokens: Token[],
    /** What the end of input is called in messages: `end of expression`, or `` `}}` `` in a template. */
    private readonly endName: string,
  ) {}

  parseAll(): Expr {
    const expr = this.cond();
    const next = this.peek();
    if (next.type !== 'eof') this.fail(next, `an operator or ${this.endName}`);
    return expr;
  }

  private peek(): Token {
    return this.tokens[this.pos]!;
  }
  private next(): Token {
    const token = this.peek();
    if (token.type !== 'eof') this.pos++;
    return token;
  }
  /** True when the next token is the operator or keyword `value`. */
  private at(value: string): boolean {
    const t = this.peek();
    return (t.type === 'punct' || (t.type === 'ident' && value === 'in')) && t.value === value;
  }
  private expect(value: string): Token {
    if (!this.at(value)) this.fail(this.peek(), `\`${value}\``);
    return this.next();
  }
  /** How a token reads in "Unexpected X". */
  private describe(token: Token): string {
    return token.type === 'eof' ? this.endName : `\`${token.text}\``;
  }
  private fail(token: Token, expected: string): never {
    throw new ExprSyntaxError(`Unexpected ${this.describe(token)}, expected ${expected}`, token.start);
  }
  /** Runs `fn` one nesting level deeper, refusing pathological input before the stack does. */
  private nested<T>(token: Token, fn: () => T): T {
    if (++this.depth > MAX_DEPTH) {
      throw new ExprSyntaxError(`Unexpected ${this.describe(token)} nested deeper than ${MAX_DEPTH} levels, expected a simpler expression`, token.start);
    }
    try {
      return fn();
    } finally {
      this.depth--;
    }
  }

  private cond(): Expr {
    return this.nested(this.peek(), () => {
      const test = this.binary(0);
      if (!this.at('?')) return test;
      this.next();
      const then = this.cond();
      this.expect(':');
      const otherwise = this.cond();
      return { kind: 'conditional', test, then, otherwise, start: test.start, end: otherwise.end };
    });
  }

  private binary(level: number): Expr {
    const ops = LEVELS[level];
    if (ops === undefined) return this.unary();
    let left = this.binary(level + 1);
    for (;;) {
      const op = ops.find((o) => this.at(o));
      if (op === undefined) return left;
      this.next();
      const right = this.binary(level + 1);
      const span = { start: left.start, end: right.end };
      left = op === '&&' || op === '||'
        ? { kind: 'logical', op: op as LogicalOp, left, right, ...span }
        : { kind: 'binary', op: op as BinaryOp, left, right, ...span };
    }
  }

  private unary(): Expr {
    const token = this.peek();
    if (!this.at('!') && !this.at('-')) return this.postfix();
    this.next();
    const operand = this.nested(token, () => this.unary());
    return { kind: 'unary', op: token.value as '!' | '-', operand, start: token.start, end: operand.end };
  }

  private postfix(): Expr {
    let expr = this.primary();
    for (;;) {
      if (this.at('.')) {
        this.next();
        const name = this.peek();
        if (name.type !== 'ident') this.fail(name, 'a member name after `.`');
        this.next();
        this.checkMember(name.value, name);
        const property: Expr = { kind: 'literal', value: name.value, start: name.start, end: name.end };
        expr = { kind: 'member', object: expr, property, computed: false, start: expr.start, end: name.end };
      } else if (this.at('[')) {
        const open = this.next();
        const property = this.cond();
        if (property.kind === 'literal' && typeof property.value === 'string') this.checkMember(property.value, open);
        const close = this.expect(']');
        expr = { kind: 'member', object: expr, property, computed: true, start: expr.start, end: close.end };
      } else if (this.at('(')) {
        expr = this.call(expr);
      } else {
        return expr;
      }
    }
  }

  private call(callee: Expr): Expr {
    const open = this.peek();
    if (callee.kind !== 'ident') this.fail(open, 'an operator; only builtin functions can be called');
    const builtin = BUILTINS.get(callee.name);
    if (builtin === undefined) throw new ExprSyntaxError(`Unknown function \`${callee.name}\`, expected one of ${BUILTIN_LIST}`, callee.start);
    this.next();
    const args = this.list(')');
    const close = this.expect(')');
    const arityProblem = checkArity(callee.name, builtin, args.length);
    if (arityProblem) throw new ExprSyntaxError(arityProblem, callee.start);
    return { kind: 'call', callee: callee.name, args, start: callee.start, end: close.end };
  }

  /** Comma-separated expressions up to (not including) `close`; a trailing comma is allowed. */
  private list(close: string): Expr[] {
    const items: Expr[] = [];
    while (!this.at(close)) {
      items.push(this.cond());
      if (!this.at(',')) break;
      this.next();
    }
    return items;
  }

  private primary(): Expr {
    const token = this.next();
    const span = { start: token.start, end: token.end };
    switch (token.type) {
      case 'number': {
        const value = Number(token.value);
        if (!Number.isFinite(value)) this.fail(token, 'a finite number');
        return { kind: 'literal', value, ...span };
      }
      case 'string':
        return { kind: 'literal', value: token.value, ...span };
      case 'ident': {
        if (KEYWORDS.has(token.value)) return { kind: 'literal', value: KEYWORDS.get(token.value) ?? null, ...span };
        if (token.value === 'in') this.fail(token, 'an expression');
        this.checkMember(token.value, token);
        return { kind: 'ident', name: token.value, ...span };
      }
      case 'punct':
        if (token.value === '(') {
          const inner = this.cond();
          this.expect(')');
          return inner;
        }
        if (token.value === '[') {
          const items = this.list(']');
          const close = this.expect(']');
          return { kind: 'array', items, start: token.start, end: close.end };
        }
        return this.fail(token, 'an expression');
      default:
        return this.fail(token, 'an expression');
    }
  }

  private checkMember(name: string, token: Token): void {
    if (FORBIDDEN_MEMBERS.has(name)) {
      throw new ExprSyntaxError(`Unexpected \`${name}\`, expected a data field: prototype access is refused`, token.start);
    }
  }
}

/**
 * Parses one expression (no `{{ }}`). `base` is added to every offset, so a
 * caller parsing a slice of a larger string gets offsets into that string;
 * `endName` names the end of input in messages. Throws ExprSyntaxError only.
 */
export function parseExpression(source: string, base = 0, endName = 'end of expression'): Expr {
  if (source.length > MAX_LENGTH) {
    throw new ExprSyntaxError(`Unexpected expression of ${source.length} characters, expected at most ${MAX_LENGTH}`, base);
  }
  return new Parser(tokenize(source, base), endName).parseAll();
}
