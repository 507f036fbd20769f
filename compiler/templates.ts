/**
 * Template checks: every `{{ }}` must parse, and every variable it reads must
 * be in scope — `params` (declared ones only), `incident`, `run`, or the `as`
 * name of an earlier step.
 */
import { parseExpression, parseTemplate, type Expr } from '../expr/index.js';
import { TEMPLATE_ROOTS } from '../plan/types.js';
import { suggest, type Place } from './diagnostics.js';
import { fail, type CompileContext } from './context.js';

/** Names a template may read at one point of the runbook. */
export interface Scope {
  /** Declared params; undefined when the front matter could not be read (any param is then accepted). */
  params?: ReadonlySet<string>;
  outputs: ReadonlySet<string>;
  /** `as` names of later steps (name → step id), to explain why they are not visible yet. */
  later: ReadonlyMap<string, string>;
  /** The current step's own `as` name, visible only to its `compensate`. */
  own?: string;
}

/** Turns an offset into the checked string into a place in the markdown. */
export type Locate = (offset: number) => Place;

interface Ref {
  name: string;
  offset: number;
  /** For `params.x` / `params['x']`: the member name and where it starts. */
  member?: { name: string; offset: number };
}

function collect(expr: Expr, out: Ref[]): void {
  switch (expr.kind) {
    case 'literal':
      return;
    case 'ident':
      out.push({ name: expr.name, offset: expr.start });
      return;
    case 'member': {
      const { object, property } = expr;
      if (object.kind === 'ident' && property.kind === 'literal' && typeof property.value === 'string') {
        out.push({ name: object.name, offset: object.start, member: { name: property.value, offset: property.start } });
      } else {
        collect(object, out);
      }
      // A dot member is a name, not a variable; a computed one is an expression.
      if (expr.computed) collect(property, out);
      return;
    }
    case 'call':
      for (const arg of expr.args) collect(arg, out);
      return;
    case 'array':
      for (const item of expr.items) collect(item, out);
      return;
    case 'unary':
      collect(expr.operand, out);
      return;
    case 'logical':
    case 'binary':
      collect(expr.left, out);
      collect(expr.right, out);
      return;
    case 'conditional':
      collect(expr.test, out);
      collect(expr.then, out);
      collect(expr.otherwise, out);
      return;
  }
}

function checkRefs(ctx: CompileContext, expr: Expr, scope: Scope, locate: Locate): void {
  const refs: Ref[] = [];
  collect(expr, refs);
  for (const ref of refs) {
    if (ref.name === 'params') {
      if (ref.member && scope.params && !scope.params.has(ref.member.name)) {
        fail(ctx, 'unknown-param', `Unexpected param \`${ref.member.name}\`, expected a param declared in the front matter`,
          locate(ref.member.offset), { expected: suggest(ref.member.name, scope.params) });
      }
      continue;
    }
    if ((TEMPLATE_ROOTS as readonly string[]).includes(ref.name) || scope.outputs.has(ref.name)) continue;
    const laterStep = ref.name === scope.own ? undefined : scope.later.get(ref.name);
    const note = ref.name === scope.own
      ? ` (\`${ref.name}\` is this step's own output: later steps and \`compensate\` can read it)`
      : laterStep === undefined ? '' : ` (\`${ref.name}\` is only set later, by step \`${laterStep}\`)`;
    fail(ctx, 'unknown-variable',
      `Unexpected variable \`${ref.name}\`, expected \`params\`, \`incident\`, \`run\` or an earlier step's \`as\` name${note}`,
      locate(ref.offset), { expected: note === '' ? suggest(ref.name, [...TEMPLATE_ROOTS, ...scope.outputs]) : [] });
  }
}

function syntaxOffset(error: unknown): number | undefined {
  if (error instanceof Error && error.name === 'ExprSyntaxError' && 'offset' in error && typeof error.offset === 'number') return error.offset;
  return undefined;
}

/** Anything else the parser throws (it should not) still becomes a message, never a crash. */
function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Checks every `{{ }}` in one string. */
export function checkTemplate(ctx: CompileContext, value: string, scope: Scope, locate: Locate): void {
  let parts;
  try {
    parts = parseTemplate(value);
  } catch (error) {
    fail(ctx, 'bad-template', messageOf(error), locate(syntaxOffset(error) ?? 0));
    return;
  }
  for (const part of parts) if (part.kind === 'expr') checkRefs(ctx, part.expr, scope, locate);
}

/**
 * Checks a `when` condition: a bare expression, or one `{{ expr }}`. Returns
 * the expression without braces (what the plan stores), or undefined when it
 * does not parse.
 */
export function checkCondition(ctx: CompileContext, value: string, scope: Scope, locate: Locate): string | undefined {
  try {
    const trimmed = value.trim();
    if (trimmed.startsWith('{{') && trimmed.endsWith('}}')) {
      const parts = parseTemplate(value);
      const [only] = parts;
      if (parts.length === 1 && only?.kind === 'expr') {
        checkRefs(ctx, only.expr, scope, locate);
        return only.source;
      }
    }
    const expr = parseExpression(value);
    checkRefs(ctx, expr, scope, locate);
    return trimmed;
  } catch (error) {
    fail(ctx, 'bad-template', messageOf(error), locate(syntaxOffset(error) ?? 0));
    return undefined;
  }
}
