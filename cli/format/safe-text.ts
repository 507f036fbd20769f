/**
 * Text from outside (runbooks, approvers' reasons, BMC answers, alert labels,
 * file names) made safe to print on a terminal: characters that move the
 * cursor, rewrite the screen, the title or the clipboard (ESC sequences, the
 * other C0 and the C1 controls, DEL) or reorder what people read (bidi
 * overrides and isolates) become visible `\u001b`-style escapes. Formatters
 * pass every user-supplied string through here before adding their own colours.
 */

/** C0 (but `\n` and `\t`), DEL, C1, line/paragraph separators, and the bidi controls. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/** Also `\n` and `\t`: one line of a table must stay one line. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_IN_LINE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const escape = (ch: string): string => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;

export interface SafeTextOptions {
  /** Keep `\n` and `\t` (text printed as a block, not in a row). Default: false. */
  multiline?: boolean;
}

/** `text` with every terminal control character written as a visible `\uXXXX` escape. */
export function safeText(text: string, options: SafeTextOptions = {}): string {
  return text.replace(options.multiline ? UNSAFE : UNSAFE_IN_LINE, escape);
}

/**
 * A copy of `value` with every string in it (in arrays and plain objects, at
 * any depth) passed through `safeText`; other values (numbers, Dates) as they
 * are. For formatters that print many fields of one record.
 */
export function safeFields<T>(value: T): T {
  if (typeof value === 'string') return safeText(value) as T;
  if (Array.isArray(value)) return value.map(safeFields) as T;
  if (value !== null && typeof value === 'object') {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return value;
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [safeText(key), safeFields(item)])) as T;
  }
  return value;
}

/**
 * The CLI's own escape sequences, which `terminalSafe` lets through: colours
 * and styles (SGR, `ESC [ … m`) and erasing the line (`ESC [ K`), which live
 * progress lines use after `\r`.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const OWN_OR_UNSAFE = /\u001b\[([0-9;]*)m|\u001b\[[012]?K|[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Last line of defence for everything a command writes (process-io.ts wraps
 * stdout and stderr with it): the CLI's own colours, line erasing, `\r`, `\n`
 * and `\t` pass; any other control character, escape sequence, C1 control or
 * bidi control becomes a visible `\uXXXX` escape, and so does a "concealed"
 * style (SGR 8), which would hide text. Inside JSON output this is still
 * valid JSON meaning the same. Formatters escape user text with `safeText`
 * first; this catches what a command prints on its own.
 */
export function terminalSafe(text: string): string {
  return text.replace(OWN_OR_UNSAFE, (match: string, sgr: string | undefined) => {
    if (match.length === 1) return escape(match);
    if (sgr !== undefined && sgr.split(';').includes('8')) return escape(match[0]!) + match.slice(1);
    return match;
  });
}
