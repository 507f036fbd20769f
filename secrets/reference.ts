/**
 * The syntax of a secret reference: `{secret:<store>/<name>}`, e.g. `{secret:env/SWAYBOT_SECRET_PAGER}`
 * or `{secret:file/etc/swaybot/secrets/pager}`. One pair of braces, so it never reads as a
 * `{{ … }}` template, and it can stand alone or sit inside a longer string
 * (`Bearer {secret:env/SWAYBOT_SECRET_PAGER}`). Names hold no white space, braces, quotes or
 * backslashes, so a reference is the same text in YAML, JSON and a URL.
 */
import { SecretUnavailableError } from './secret-unavailable.js';

export interface SecretRef {
  /** Which store resolves it: `env`, `file`, … */
  readonly store: string;
  /** What the store looks up: a variable name, a path without its leading `/`… */
  readonly name: string;
  /** The reference as written, `{secret:env/NAME}`: what messages show in place of the value. */
  readonly text: string;
}

export type TextPart = { kind: 'text'; text: string } | { kind: 'ref'; ref: SecretRef };

const OPENER = '{secret:';
const REFERENCE = /^\{secret:([a-z][a-z0-9-]*)\/([^\s{}"'\\]+)\}/;

/** Whether `text` holds a reference (or something that starts like one). */
export function hasSecretRef(text: string): boolean {
  return text.includes(OPENER);
}

/** Whether any string inside `value` (a rendered `with`: strings, arrays, objects) holds a reference. */
export function containsSecretRef(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next === 'string') {
      if (hasSecretRef(next)) return true;
    } else if (next !== null && typeof next === 'object') pending.push(...Object.values(next));
  }
  return false;
}

/**
 * `text` cut into literal text and references, in order. Something that starts like a
 * reference (`{secret:`) and is not one fails with `SecretUnavailableError` naming it: a
 * typo must not be sent as literal text.
 */
export function splitSecretRefs(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let rest = text;
  for (let at = rest.indexOf(OPENER); at >= 0; at = rest.indexOf(OPENER)) {
    if (at > 0) parts.push({ kind: 'text', text: rest.slice(0, at) });
    const match = REFERENCE.exec(rest.slice(at));
    if (!match) throw malformed(rest.slice(at));
    parts.push({ kind: 'ref', ref: { store: match[1] ?? '', name: match[2] ?? '', text: match[0] } });
    rest = rest.slice(at + match[0].length);
  }
  if (rest) parts.push({ kind: 'text', text: rest });
  return parts;
}

/** The references in `text`, in order (duplicates kept). */
export function secretRefsIn(text: string): SecretRef[] {
  return splitSecretRefs(text).flatMap((p) => (p.kind === 'ref' ? [p.ref] : []));
}

function malformed(from: string): SecretUnavailableError {
  const end = from.indexOf('}');
  const shown = end >= 0 && end < 80 ? from.slice(0, end + 1) : `${from.slice(0, 40)}…`;
  return new SecretUnavailableError(
    `Unexpected \`${shown.replace(/\s/g, ' ')}\`, expected a secret reference \`{secret:<store>/<name>}\` such as \`{secret:env/SWAYBOT_SECRET_TOKEN}\` (no spaces, braces or quotes in the name)`,
    shown,
  );
}
