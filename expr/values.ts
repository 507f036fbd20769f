/**
 * Value helpers shared by the evaluator, the builtins and template rendering.
 * Values are JSON-like: null, boolean, number, string, arrays, plain objects.
 */

/** Nesting limit when walking values (JSON output, equality): refuses cycles without a stack overflow. */
const MAX_VALUE_DEPTH = 200;

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
  return toJson(value, false);
}
