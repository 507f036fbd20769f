/**
 * Value helpers shared by the evaluator, the builtins and template rendering.
 * Values are JSON-like: null, boolean, number, string, arrays, plain objects.
 */

/** Nesting limit when walking values (JSON output, equality): refuses cycles without a stack overflow. */
const MAX_VALUE_DEPTH = 200;

/**
 * Longest text an expression may build, and largest rendered value (as JSON),
 * in characters: 1 MiB. Without it, 300 copies of a 1.5 MB incident field
 * in one template would make 450 MB inside the workflow.
 */
export const MAX_TEXT = 1024 * 1024;

/** `MAX_TEXT` as messages write it. */
export const MAX_TEXT_SHOWN = '1 MiB (1048576 characters)';

/**
 * About how many characters `value` takes as JSON (strings count their
 * length, escapes aside), counting stops once past `limit`, so the walk costs
 * at most `limit` steps even when one big value is referenced many times.
 */
export function jsonSize(value: unknown, limit: number): number {
  let size = 0;
  const walk = (item: unknown, depth: number): void => {
    if (size > limit) return;
    if (depth > MAX_VALUE_DEPTH) throw new RangeError(`value is nested deeper than ${MAX_VALUE_DEPTH} levels`);
    if (typeof item === 'string') size += item.length + 2;
    else if (typeof item === 'number') size += String(item).length;
    else if (typeof item === 'boolean') size += item ? 4 : 5;
    else if (Array.isArray(item)) {
      size += 2;
      for (const entry of item) {
        if (size > limit) return;
        size += 1;
        walk(entry, depth + 1);
      }
    } else if (item !== null && typeof item === 'object') {
      size += 2;
      for (const [key, entry] of Object.entries(item)) {
        if (size > limit) return;
        size += key.length + 4;
        walk(entry, depth + 1);
      }
    } else size += 4;
  };
  walk(value, 0);
  return size;
}

/** Throws when `text` is longer than `MAX_TEXT`; returns it otherwise. */
export function boundedText(text: string): string {
  if (text.length > MAX_TEXT) throw new RangeError(`result of ${text.length} characters is longer than ${MAX_TEXT_SHOWN}`);
  return text;
}

/** Throws before building text from `value` when its JSON would be longer than `MAX_TEXT`. */
export function checkTextSize(value: unknown): void {
  if (jsonSize(value, MAX_TEXT) > MAX_TEXT) throw new RangeError(`result is longer than ${MAX_TEXT_SHOWN}`);
}

/**
 * A plain object: `{}` / JSON.parse output / `Object.create(null)`, from any realm
 * (the Temporal sandbox is its own realm, so no `=== Object.prototype`).
 * Class instances, Maps, Dates and functions are not plain.
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/**
 * Truthiness: JS rules (false, null, 0, NaN and '' are falsy) except that an
 * empty array is falsy too, so `when: out.items` skips on an empty list.
 * Objects, even `{}`, are truthy.
 */
export function truthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return Boolean(value);
}

/** The type name used in error messages. */
export function typeName(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  if (isPlainObject(value)) return 'object';
  return typeof value === 'object' ? 'unsupported object' : typeof value;
}

/** The type name with its article: `a string`, `an array`. */
export function aTypeName(value: unknown): string {
  const name = typeName(value);
  if (name === 'null') return name;
  return /^[aeiou]/.test(name) ? `an ${name}` : `a ${name}`;
}

/** Structural equality without coercion: `1` and `'1'` differ, `[1]` equals `[1]`. */
export function deepEqual(a: unknown, b: unknown, depth = 0): boolean {
  if (depth > MAX_VALUE_DEPTH) throw new RangeError(`value is nested deeper than ${MAX_VALUE_DEPTH} levels`);
  if ((a ?? null) === (b ?? null)) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => deepEqual(item, b[i], depth + 1));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length &&
      keys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k], depth + 1))
    );
  }
  return false;
}

/**
 * JSON text of a value. With `sortKeys` the output is canonical (stable across
 * key order). Refuses non-JSON values and cycles with a RangeError/TypeError
 * that callers turn into an evaluation error.
 */
export function toJson(value: unknown, sortKeys: boolean, depth = 0): string {
  if (depth > MAX_VALUE_DEPTH) throw new RangeError(`value is nested deeper than ${MAX_VALUE_DEPTH} levels`);
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : 'null';
  if (Array.isArray(value)) return `[${value.map((item) => toJson(item, sortKeys, depth + 1)).join(',')}]`;
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    if (sortKeys) keys.sort();
    const fields = keys
      .filter((k) => value[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${toJson(value[k], sortKeys, depth + 1)}`);
    return `{${fields.join(',')}}`;
  }
  throw new TypeError(`cannot convert ${typeName(value)} to JSON`);
}

/** How a value reads inside text: null → '', strings as is, numbers/booleans via String, the rest as JSON. */
export function toText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  checkTextSize(value);
  return boundedText(toJson(value, false));
}
