/**
 * The builtin functions: the only things an expression may call. Each checks
 * its argument types and throws a plain Error whose message the evaluator
 * wraps into an ExprEvalError naming the call.
 */
import { aTypeName, boundedText, checkTextSize, deepEqual, isPlainObject, MAX_TEXT, MAX_TEXT_SHOWN, toJson, toText, typeName } from './values.js';

export interface Builtin {
  /** Smallest and largest number of arguments; checked by the parser. */
  min: number;
  max: number;
  /** Shown in arity errors, e.g. `join(array, separator?)`. */
  signature: string;
  apply(args: readonly unknown[]): unknown;
}

// A fixed pattern: plain decimal numbers only (no hex, no `Infinity`, no blanks).
const NUMERIC = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** A string for a message, cut to 40 characters. */
function shorten(s: string): string {
  return s.length > 40 ? `${s.slice(0, 37)}…` : s;
}

function expectString(fn: string, value: unknown): string {
  if (typeof value !== 'string') throw new TypeError(`${fn}() expects a string, got ${typeName(value)}`);
  return value;
}

/** `needle in haystack`: array membership, substring, or own key of an object; nothing is in null. */
export function contains(haystack: unknown, needle: unknown): boolean {
  if (haystack === null || haystack === undefined) return false;
  if (Array.isArray(haystack)) return haystack.some((item) => deepEqual(item, needle));
  if (typeof haystack === 'string') {
    if (typeof needle !== 'string') throw new TypeError(`cannot look for ${aTypeName(needle)} in a string`);
    return haystack.includes(needle);
  }
  if (isPlainObject(haystack)) {
    if (typeof needle !== 'string') throw new TypeError(`object keys are strings, got ${typeName(needle)}`);
    return Object.prototype.hasOwnProperty.call(haystack, needle);
  }
  throw new TypeError(`cannot look inside ${aTypeName(haystack)}`);
}

const table: [string, Builtin][] = [
  ['default', { min: 2, max: 2, signature: 'default(value, fallback)',
    apply: ([a, b]) => (a === null || a === undefined || a === '' ? (b ?? null) : a) }],
  ['len', { min: 1, max: 1, signature: 'len(value)', apply: ([x]) => {
    if (x === null || x === undefined) return 0;
    if (typeof x === 'string' || Array.isArray(x)) return x.length;
    if (isPlainObject(x)) return Object.keys(x).length;
    throw new TypeError(`len() expects a string, array or object, got ${typeName(x)}`);
  } }],
  // Case mapping can lengthen text (`ß` → `SS`).
  ['lower', { min: 1, max: 1, signature: 'lower(string)', apply: ([s]) => boundedText(expectString('lower', s).toLowerCase()) }],
  ['upper', { min: 1, max: 1, signature: 'upper(string)', apply: ([s]) => boundedText(expectString('upper', s).toUpperCase()) }],
  ['contains', { min: 2, max: 2, signature: 'contains(haystack, needle)', apply: ([a, b]) => contains(a, b) }],
  ['join', { min: 1, max: 2, signature: 'join(array, separator?)', apply: ([arr, sep]) => {
    if (!Array.isArray(arr)) throw new TypeError(`join() expects an array, got ${typeName(arr)}`);
    const separator = sep === undefined ? ',' : expectString('join', sep);
    const parts = arr.map(toText);
    // Measured before joining: `join([s, s, …])` of a big `s` must fail without building the text.
    const length = parts.reduce((sum, part) => sum + part.length, separator.length * Math.max(0, parts.length - 1));
    if (length > MAX_TEXT) throw new RangeError(`result of ${length} characters is longer than ${MAX_TEXT_SHOWN}`);
    return parts.join(separator);
  } }],
  ['string', { min: 1, max: 1, signature: 'string(value)', apply: ([x]) => toText(x) }],
  ['number', { min: 1, max: 1, signature: 'number(value)', apply: ([x]) => {
    const n = typeof x === 'number' ? x : typeof x === 'string' && NUMERIC.test(x.trim()) ? Number(x.trim()) : undefined;
    // `1e400` is numeric text, but Infinity is no number JSON (or a run) can carry.
    if (n !== undefined && !Number.isFinite(n)) throw new RangeError(`number() expects a finite number, got \`${shorten(String(x).trim())}\` (out of range)`);
    if (n !== undefined) return n;
    const shown = typeof x === 'string' ? `\`${shorten(x)}\`` : aTypeName(x);
    throw new TypeError(`number() expects a number or numeric string, got ${shown}`);
  } }],
  ['json', { min: 1, max: 1, signature: 'json(value)', apply: ([x]) => {
    checkTextSize(x);
    return boundedText(toJson(x, true));
  } }],
];

/** Builtins by name. A Map, so `toString` or `__proto__` are never functions. */
export const BUILTINS: ReadonlyMap<string, Builtin> = new Map(table);

/** The builtin names as a message lists them: `` `default`, `len`, … ``. */
export const BUILTIN_LIST = [...BUILTINS.keys()].map((name) => `\`${name}\``).join(', ');

/** The syntax error message for a call with the wrong number of arguments, or undefined. */
export function checkArity(name: string, builtin: Builtin, count: number): string | undefined {
  if (count >= builtin.min && count <= builtin.max) return undefined;
  const want = builtin.min === builtin.max ? `${builtin.min}` : `${builtin.min} to ${builtin.max}`;
  return `Unexpected ${count} argument${count === 1 ? '' : 's'} to \`${name}\`, expected ${want}: \`${builtin.signature}\``;
}
