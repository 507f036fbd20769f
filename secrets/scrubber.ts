import type { Secret } from '../hardware/secret.js';

/**
 * Replaces the bytes of resolved secrets in text with the text of their reference
 * (`{secret:env/NAME}`), so a reader sees which secret stood there and never its value. Each
 * secret is looked for as written and in the encodings a peer is likely to echo it in: URL
 * (path, query, form and `encodeURIComponent` forms), JSON string escapes and base64.
 * Everything is replaced in one pass, longest form first, so no replacement is scanned again.
 */
export class Scrubber {
  readonly #forms = new Map<string, string>();
  #pattern: RegExp | undefined;

  /** True while no secret was added: scrubbing changes nothing. */
  get empty(): boolean {
    return this.#forms.size === 0;
  }

  /** Scrubs `secret` and its encodings from now on, each replaced by `label`. */
  add(secret: Secret, label: string): void {
    for (const form of encodingsOf(secret.reveal())) this.#addForm(form, label);
  }

  /** Scrubs `value` exactly as given (a value built from secrets, such as a Basic credential), and its encodings. */
  addDerived(value: string, label: string): void {
    for (const form of encodingsOf(value)) this.#addForm(form, label);
  }

  /**
   * `text` with every secret replaced. With `cutTail`, a text that was cut short (a truncated
   * body) also loses a trailing piece that starts a secret.
   */
  text(text: string, options: { cutTail?: boolean } = {}): string {
    if (!this.#pattern) return text;
    const scrubbed = text.replace(this.#pattern, (form) => this.#forms.get(form) ?? '');
    return options.cutTail ? this.#cutTail(scrubbed) : scrubbed;
  }

  /**
   * A copy of `value` (JSON-like: strings, numbers, arrays, plain objects) with every string
   * and object key scrubbed. Walks with its own stack, so any depth JSON.parse accepts is fine.
   */
  value<T>(value: T): T {
    if (this.empty) return value;
    if (typeof value === 'string') return this.text(value) as T;
    if (value === null || typeof value !== 'object') return value;
    const root = emptyLike(value);
    const pending: Array<[object, Record<string, unknown>]> = [[value, root]];
    const seen = new Set<object>([value]);
    for (let next = pending.pop(); next; next = pending.pop()) {
      const [from, to] = next;
      const isArray = Array.isArray(from);
      for (const [key, v] of Object.entries(from)) {
        let copy: unknown = v;
        if (typeof v === 'string') copy = this.text(v);
        else if (v !== null && typeof v === 'object') {
          if (seen.has(v)) copy = '[circular]';
          else {
            seen.add(v);
            copy = emptyLike(v);
            pending.push([v, copy as Record<string, unknown>]);
          }
        }
        // defineProperty: a `__proto__` key stays an own property, as JSON.parse made it.
        Object.defineProperty(to, isArray ? key : this.text(key), { value: copy, enumerable: true, writable: true, configurable: true });
      }
    }
    return root as T;
  }

  #addForm(form: string, label: string): void {
    if (form === '' || this.#forms.has(form)) return;
    this.#forms.set(form, label);
    const forms = [...this.#forms.keys()].sort((a, b) => b.length - a.length);
    this.#pattern = new RegExp(forms.map(escapeRegExp).join('|'), 'g');
  }

  #cutTail(text: string): string {
    let cut = text.length;
    for (const form of this.#forms.keys()) {
      for (let n = Math.min(form.length - 1, text.length); n > 0; n--) {
        if (text.endsWith(form.slice(0, n))) {
          cut = Math.min(cut, text.length - n);
          break;
        }
      }
    }
    return text.slice(0, cut);
  }
}

/** The forms in which `value` may come back: as is, URL-encoded four ways, JSON-escaped, base64. */
function encodingsOf(value: string): Set<string> {
  const forms = new Set([
    value,
    encodeURIComponent(value),
    encodeURI(value),
    percentEncode(value, PATH_SET),
    percentEncode(value, QUERY_SET),
    new URLSearchParams({ v: value }).toString().slice(2),
    JSON.stringify(value).slice(1, -1),
  ]);
  const base64 = Buffer.from(value, 'utf8').toString('base64');
  forms.add(base64);
  forms.add(Buffer.from(value, 'utf8').toString('base64url'));
  // Unpadded base64 of a short value is a few common letters; only longer ones are worth it.
  if (value.length >= 8) forms.add(base64.replace(/=+$/, ''));
  return forms;
}

/** What WHATWG URL parsing percent-encodes in a path (besides controls and non-ASCII). */
const PATH_SET = new Set([' ', '"', '#', '<', '>', '?', '`', '{', '}']);
/** What it percent-encodes in a query of a special (http, https) URL. */
const QUERY_SET = new Set([' ', '"', '#', '<', '>', "'"]);

function percentEncode(value: string, set: ReadonlySet<string>): string {
  let out = '';
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x21 || code > 0x7e || set.has(ch)) {
      for (const byte of Buffer.from(ch, 'utf8')) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    } else out += ch;
  }
  return out;
}

function emptyLike(value: object): Record<string, unknown> {
  return (Array.isArray(value) ? [] : {}) as Record<string, unknown>;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
