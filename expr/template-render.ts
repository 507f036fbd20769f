/**
 * Templated JSON values (`with:` arguments, prompts): rendering against a
 * scope at run time, and the variables they read for the compiler.
 */
import type { TemplateValue } from '../plan/types.js';
import { rootsOf } from './analyse.js';
import { evaluate, type Scope } from './evaluate.js';
import { ExprSyntaxError } from './syntax-error.js';
import { parseTemplate, type TemplatePart } from './template-parse.js';
import { toText } from './values.js';

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

function renderString(s: string, scope: Scope, path: Path): unknown {
  const parts = parseAt(s, path);
  try {
    const sole = soleExpression(parts);
    if (sole) return evaluate(sole.expr, scope);
    return parts.map((p) => (p.kind === 'text' ? p.text : toText(evaluate(p.expr, scope)))).join('');
  } catch (error) {
    (error as { path?: Path }).path = path;
    throw error;
  }
}

function render(value: TemplateValue, scope: Scope, path: Path): unknown {
  checkDepth(path);
  if (typeof value === 'string') return renderString(value, scope, path);
  if (Array.isArray(value)) return value.map((item, i) => render(item, scope, [...path, i]));
  if (value !== null && typeof value === 'object') {
    // fromEntries defines own properties, so a `__proto__` key stays data.
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, render(v, scope, [...path, k])]));
  }
  return value;
}

/**
 * Renders a templated value. A string that is exactly one `{{ expr }}` (with
 * optional whitespace around) becomes the raw value; other strings are
 * interpolated (null → '', objects as JSON). Throws ExprSyntaxError or
 * ExprEvalError, each with `path` set to the string's JSON path.
 */
export function renderValue(value: TemplateValue, scope: Record<string, unknown>): unknown {
  return render(value, scope, []);
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
