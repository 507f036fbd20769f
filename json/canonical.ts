import { createHash } from 'node:crypto';

/**
 * Canonical JSON: object keys sorted, no whitespace, `undefined` members dropped.
 * Hashes are taken over these bytes so two writers serialising the same value agree.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    // No prototype: an own `__proto__` member (JSON.parse makes one) stays a member and is
    // hashed, instead of being swallowed by the setter an ordinary object literal inherits.
    const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const key of Object.keys(value).sort()) {
      const member = (value as Record<string, unknown>)[key];
      if (member !== undefined) out[key] = sortKeys(member);
    }
    return out;
  }
  return value;
}

/**
 * Parses text that must already be canonical JSON, as stored bytes are: the value, or why the
 * text is not canonical (`invalid JSON`, `duplicate key "k"`, …). Refused: invalid JSON, a key twice in one object (readers disagree on
 * which one wins), a `__proto__` member (JavaScript readers may take it for the prototype), and
 * any other difference from `canonicalJson` of the parsed value (key order, spacing, number
 * or string spelling), so the bytes read are exactly the bytes hashed.
 */
export function parseCanonicalJson(text: string): { value: unknown } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { error: 'invalid JSON' };
  }
  // JSON.parse keeps the last of duplicate keys, so duplicates also fail the comparison; the
  // slower key scan runs only to say which key, or when `__proto__` appears at all.
  const same = canonicalJson(value) === text;
  if (!same || text.includes('"__proto__"')) {
    const member = badMember(text);
    if (member) return { error: member };
  }
  if (!same) return { error: 'keys out of order, spacing, or a number or string spelled differently' };
  return { value };
}

/** First duplicate key or `__proto__` member in valid JSON text, described; undefined when none. */
function badMember(text: string): string | undefined {
  const stack: (Set<string> | undefined)[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{') {
      stack.push(new Set());
      expectKey = true;
    } else if (c === '[') {
      stack.push(undefined);
      expectKey = false;
    } else if (c === '}' || c === ']') {
      stack.pop();
    } else if (c === ',') {
      expectKey = stack.at(-1) !== undefined;
    } else if (c === '"') {
      const start = i;
      for (i++; text[i] !== '"'; i++) if (text[i] === '\\') i++;
      const keys = stack.at(-1);
      if (expectKey && keys) {
        const key = JSON.parse(text.slice(start, i + 1)) as string;
        if (key === '__proto__') return 'a `__proto__` member';
        if (keys.has(key)) return `duplicate key ${JSON.stringify(key)}`;
        keys.add(key);
      }
      expectKey = false;
    }
  }
  return undefined;
}

/** SHA-256 of a string or bytes, as lowercase hex. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
