/**
 * Reading Web API arguments as Slack does (form values are strings: `"true"`,
 * `"200"`, JSON text for blocks and metadata), and Slack's opaque cursors and
 * exact `ts` ordering.
 */

/** A method's arguments: query, form or JSON body fields. */
export type Args = Record<string, unknown>;

/** An opaque cursor, base64 of `<kind>:<value>` like Slack's `bmV4dF90czo…` (`next_ts:…`). */
export function encodeCursor(kind: string, value: string): string {
  return Buffer.from(`${kind}:${value}`).toString('base64');
}

/** The value of a cursor of `kind`; undefined for junk. */
export function decodeCursor(cursor: string, kind: string): string | undefined {
  const decoded = Buffer.from(cursor, 'base64').toString('utf8');
  return decoded.startsWith(`${kind}:`) ? decoded.slice(kind.length + 1) : undefined;
}

/** A ts as an exact number of microseconds (doubles lose the last digits). */
export function tsKey(ts: string): bigint {
  const [seconds = '0', fraction = ''] = ts.split('.');
  if (!/^\d+$/.test(seconds) || !/^\d*$/.test(fraction)) return 0n;
  return BigInt(seconds) * 1_000_000n + BigInt(fraction.padEnd(6, '0').slice(0, 6));
}

/** A string argument (numbers as text). */
export function text(args: Args, name: string): string | undefined {
  const value = args[name];
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

/** A boolean argument: `true`, `"true"`, `"1"`. */
export function flag(args: Args, name: string): boolean {
  const value = args[name];
  return value === true || value === 'true' || value === '1' || value === 1;
}

/** An integer argument clamped to [min, max]; 0 or absent: `fallback`; undefined when not a whole number. */
export function integer(args: Args, name: string, fallback: number, min: number, max: number): number | undefined {
  const value = args[name];
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) return undefined;
  if (n === 0) return fallback;
  return Math.min(Math.max(n, min), max);
}

/** A JSON-text argument parsed (undefined when it does not parse); non-strings as given. */
export function parseJson(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}

/** A plain object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
