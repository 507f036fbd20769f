/**
 * Character scanning helpers for the line parser: strict decimal numbers read straight from a
 * range of a string (no regex, no slice for plain integers), and the character classes of names.
 */

const NAME_CHARS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z0-9_.-]/.test(ch)) NAME_CHARS[c] = 1;
}

/** Whether a UTF-16 code unit may appear in a metric name: ASCII letters, digits, `_`, `.`, `-`. */
export function isNameChar(c: number): boolean {
  return c < 128 && NAME_CHARS[c] === 1;
}

/** Control characters (C0, DEL) and the space: refused in tags and set members. */
export function isControlOrSpace(c: number): boolean {
  return c <= 0x20 || c === 0x7f;
}

const POW10 = Array.from({ length: 16 }, (_, k) => 10 ** k);

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Reads `s[start, end)` as a finite decimal number: `[+-]?(digits[.digits]|.digits)([eE][+-]?digits)?`.
 * Returns NaN for anything else (empty, whitespace, hex, `NaN`, `Infinity`, or an overflow to ±Infinity).
 */
export function parseDecimal(s: string, start: number, end: number): number {
  let i = start;
  if (i >= end) return NaN;
  let c = s.charCodeAt(i);
  const negative = c === 45;
  if (negative || c === 43) {
    i++;
    if (i >= end) return NaN;
  }
  // Fast path: up to 15 significant digits and no exponent. The digits as one integer m are
  // exact in a double, and so is 10^k (k ≤ 22), so m / 10^k is the correctly rounded value,
  // the very double Number() gives.
  let mantissa = 0;
  const intStart = i;
  while (i < end) {
    c = s.charCodeAt(i);
    if (!isDigit(c)) break;
    mantissa = mantissa * 10 + (c - 48);
    i++;
  }
  let digits = i - intStart;
  let fraction = 0;
  if (i < end && c === 46) {
    i++;
    const fracStart = i;
    while (i < end) {
      c = s.charCodeAt(i);
      if (!isDigit(c)) break;
      mantissa = mantissa * 10 + (c - 48);
      i++;
    }
    fraction = i - fracStart;
    digits += fraction;
  }
  if (digits === 0) return NaN;
  if (i === end) {
    if (digits <= 15) {
      const value = fraction === 0 ? mantissa : mantissa / (POW10[fraction] as number);
      return negative ? -value : value;
    }
    return finiteOrNaN(Number(s.slice(start, end)));
  }
  if (c !== 101 && c !== 69) return NaN;
  i++;
  if (i < end && (s.charCodeAt(i) === 43 || s.charCodeAt(i) === 45)) i++;
  const expStart = i;
  while (i < end && isDigit(s.charCodeAt(i))) i++;
  if (i === expStart || i !== end) return NaN;
  return finiteOrNaN(Number(s.slice(start, end)));
}

function finiteOrNaN(n: number): number {
  return Number.isFinite(n) ? n : NaN;
}

/** Reads `s[start, end)` as a positive integer of 1 to 15 digits (no sign); NaN otherwise. */
export function parseUnsigned(s: string, start: number, end: number): number {
  if (end <= start || end - start > 15) return NaN;
  let value = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (!isDigit(c)) return NaN;
    value = value * 10 + (c - 48);
  }
  return value;
}
