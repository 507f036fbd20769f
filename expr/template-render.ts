/**
 * Templated JSON values (`with:` arguments, prompts): rendering against a
 * scope at run time, and the variables they read for the compiler.
 */
import type { TemplateValue } from '../plan/types.js';
import { rootsOf } from './analyse.js';
import { ExprEvalError } from './eval-error.js';
import { evaluate, type Scope } from './evaluate.js';
import { ExprSyntaxError } from './syntax-error.js';
import { parseTemplate, type TemplatePart } from './template-parse.js';
import { jsonSize, MAX_TEXT, MAX_TEXT_SHOWN, toText } from './values.js';

/** A root variable read by a templated value: where the string is, and where in it. */
export interface RootRef {
  name: string;
  /** JSON path of the string inside the value (`[]` for the value itself). */
  path: (string | number)[];
  /** Offset of the identifier inside that string. */
  offset: number;
}

type Path = (string | number)[];

/** Deepest templated value walked; plans are shallow, this only stops a stack overflow. */
const MAX_VALUE_DEPTH = 200;

function checkDepth(path: Path): void {
  if (path.length <= MAX_VALUE_DEPTH) return;
  const error = new ExprSyntaxError(`Unexpected value nested deeper than ${MAX_VALUE_DEPTH} levels, expected a flatter value`, 0);
  error.path = path;
  throw error;
}

/** Parses, attaching `path` to a syntax error so the caller can locate the string. */
function parseAt(s: string, path: Path): TemplatePart[] {
  try {
    return parseTemplate(s);
  } catch (error) {
    (error as { path?: Path }).path = path;
    throw error;
  }
}

/** The only expression of a string that is one template and whitespace, else undefined. */
export function soleExpression(parts: TemplatePart[]): (TemplatePart & { kind: 'expr' }) | undefined {
  const exprs = parts.filter((p) => p.kind === 'expr');
  const onlySpace = parts.every((p) => p.kind === 'expr' || p.text.trim() === '');
  return exprs.length === 1 && onlySpace ? exprs[0] : undefined;
}

/** Characters of JSON the rest of one rendered value may take (`MAX_TEXT` in all). */
interface Budget {
  left: number;
}

/** Takes `size` characters from the budget, or throws before anything bigger is built. */
function spend(budget: Budget, size: number, path: Path): void {
  budget.left -= size;
  if (budget.left >= 0) return;
  const error = new ExprEvalError(
    `Unexpected rendered value over ${MAX_TEXT_SHOWN} of JSON, expected a smaller value (render the fields a step needs, not whole outputs)`, 0);
  error.path = path;
  throw error;
}

function renderString(s: string, scope: Scope, path: Path, budget: Budget): unknown {
  const parts = parseAt(s, path);
  try {
    const sole = soleExpression(parts);
    if (sole) {
      const value = evaluate(sole.expr, scope);
      spend(budget, jsonSize(value, budget.left), path);
      return value;
    }
    // Each part is counted as it comes, so 300 copies of a big field stop at the first one past the limit.
    const pieces: string[] = [];
    for (const part of parts) {
      const value = part.kind === 'text' ? part.text : evaluate(part.expr, scope);
      if (typeof value !== 'string') spend(budget, jsonSize(value, budget.left), path);
      const piece = toText(value);
      spend(budget, typeof value === 'string' ? piece.length : 0, path);
      pieces.push(piece);
    }
    spend(budget, 2, path);
    return pieces.join('');
  } catch (error) {
    // toText's own size check throws a RangeError: still an evaluation error of this string.
    const failure = error instanceof Error && (error.name === 'ExprEvalError' || error.name === 'ExprSyntaxError')
      ? error : new ExprEvalError(`Cannot render: ${error instanceof Error ? error.message : String(error)}`, 0);
    (failure as { path?: Path }).path = path;
    throw failure;
  }
}

function render(value: TemplateValue, scope: Scope, path: Path, budget: Budget): unknown {
  checkDepth(path);
  if (typeof value === 'string') return renderString(value, scope, path, budget);
  if (Array.isArray(value)) {
    spend(budget, 2 + value.length, path);
    return value.map((item, i) => render(item, scope, [...path, i], budget));
  }
  if (value !== null && typeof value === 'object') {
    // fromEntries defines own properties, so a `__proto__` key stays data.
    return Object.fromEntries(Object.entries(value).map(([k, v]) => {
      spend(budget, k.length + 4, path);
      return [k, render(v, scope, [...path, k], budget)];
    }));
  }
  spend(budget, jsonSize(value, budget.left), path);
  return value;
}

/**
 * Renders a templated value. A string that is exactly one `{{ expr }}` (with
 * optional whitespace around) becomes the raw value; other strings are
 * interpolated (null → '', objects as JSON). The result is at most
 * `MAX_TEXT` characters as JSON. Throws ExprSyntaxError or ExprEvalError,
 * each with `path` set to the string's JSON path.
 */
export function renderValue(value: TemplateValue, scope: Record<string, unknown>): unknown {
  return render(value, scope, [], { left: MAX_TEXT });
}

function collect(value: TemplateValue, path: Path, out: RootRef[]): void {
  checkDepth(path);
  if (typeof value === 'string') {
    for (const part of parseAt(value, path)) {
      if (part.kind === 'expr') for (const ref of rootsOf(part.expr)) out.push({ name: ref.name, path, offset: ref.offset });
    }
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => collect(item, [...path, i], out));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) collect(v, [...path, k], out);
  }
}

/**
 * Root variables read by every template inside `value`. Throws
 * ExprSyntaxError (with `path`) on the first bad template.
 */
export function templateRoots(value: TemplateValue): RootRef[] {
  const out: RootRef[] = [];
  collect(value, [], out);
  return out;
}
