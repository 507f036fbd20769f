/**
 * Hand-written tokenizer. Offsets are absolute: `base` is added to every
 * position so errors inside a template point into the whole template string.
 */
import { ExprSyntaxError } from './syntax-error.js';

export type TokenType = 'number' | 'string' | 'ident' | 'punct' | 'eof';

export interface Token {
  type: TokenType;
  /** Decoded value: the string's contents, the identifier, the operator. */
  value: string;
  /** The token as written, for error messages. */
  text: string;
  start: number;
  end: number;
}

// Longest first, so `<=` wins over `<`.
const PUNCTUATORS = ['==', '!=', '<=', '>=', '&&', '||', '!', '<', '>', '+', '-', '*', '/', '%', '?', ':', '.', ',', '(', ')', '[', ']'];
// Single characters people type by habit from other languages.
// Maps, not object literals: a lookup must never reach Object.prototype.
const HINTS = new Map([['=', '=='], ['&', '&&'], ['|', '||']]);
const ESCAPES = new Map([['n', '\n'], ['t', '\t'], ['r', '\r'], ['\\', '\\'], ["'", "'"], ['"', '"'], ['`', '`'], ['0', '\0']]);

/** Whitespace between tokens; template trimming uses the same set. */
export function isSpace(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';
}
const isDigit = (ch: string | undefined): boolean => ch !== undefined && ch >= '0' && ch <= '9';
const isIdentStart = (ch: string | undefined): boolean =>
  ch !== undefined && ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch === '_');
const isIdentPart = (ch: string | undefined): boolean => isIdentStart(ch) || isDigit(ch);

/** Shows one character in a message; control characters as `\uXXXX`. */
export function showChar(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  return code < 0x20 || code === 0x7f ? `\\u${code.toString(16).padStart(4, '0')}` : ch;
}

/** Splits `src` into tokens, ending with one `eof` token. */
export function tokenize(src: string, base = 0): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const push = (type: TokenType, value: string, start: number): void => {
    tokens.push({ type, value, text: src.slice(start, i), start: base + start, end: base + i });
  };
  while (i < src.length) {
    const ch = src[i];
    const start = i;
    if (isSpace(ch)) {
      i++;
    } else if (isDigit(ch)) {
      while (isDigit(src[i])) i++;
      if (src[i] === '.' && isDigit(src[i + 1])) for (i++; isDigit(src[i]); ) i++;
      if ((src[i] === 'e' || src[i] === 'E') && (isDigit(src[i + 1]) || ((src[i + 1] === '+' || src[i + 1] === '-') && isDigit(src[i + 2])))) {
        for (i += 2; isDigit(src[i]); ) i++;
      }
      if (isIdentStart(src[i])) {
        throw new ExprSyntaxError(`Unexpected \`${showChar(src[i] ?? '')}\` after number \`${src.slice(start, i)}\`, expected an operator`, base + i);
      }
      push('number', src.slice(start, i), start);
    } else if (isIdentStart(ch)) {
      while (isIdentPart(src[i])) i++;
      push('ident', src.slice(start, i), start);
    } else if (ch === "'" || ch === '"') {
      const { value, end } = readString(src, start, base);
      i = end;
      push('string', value, start);
    } else {
      const op = PUNCTUATORS.find((p) => src.startsWith(p, i));
      if (op === undefined) {
        const hint = HINTS.get(ch ?? '');
        const expected = hint ? `\`${hint}\`` : 'an expression or operator';
        throw new ExprSyntaxError(`Unexpected character \`${showChar(ch ?? '')}\`, expected ${expected}`, base + i);
      }
      i += op.length;
      push('punct', op, start);
    }
  }
  tokens.push({ type: 'eof', value: '', text: '', start: base + i, end: base + i });
  return tokens;
}

/** Decodes the string literal whose opening quote is at `start`. */
function readString(src: string, start: number, base: number): { value: string; end: number } {
  const quote = src[start];
  let value = '';
  let i = start + 1;
  while (i < src.length && src[i] !== quote) {
    const ch = src[i]!;
    if (ch !== '\\') {
      value += ch;
      i++;
      continue;
    }
    const next = src[i + 1];
    if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(src.slice(i + 2, i + 6))) {
      value += String.fromCharCode(parseInt(src.slice(i + 2, i + 6), 16));
      i += 6;
      continue;
    }
    const decoded = next === undefined ? undefined : ESCAPES.get(next);
    if (decoded === undefined) {
      const shown = next === undefined ? '\\' : `\\${showChar(next)}`;
      throw new ExprSyntaxError(`Unexpected escape \`${shown}\`, expected one of \`\\n\` \`\\t\` \`\\r\` \`\\\\\` \`\\'\` \`\\"\` \`\\uXXXX\``, base + i);
    }
    value += decoded;
    i += 2;
  }
  if (i >= src.length) {
    throw new ExprSyntaxError(`Unexpected end of expression, expected \`${quote}\` to close the string`, base + src.length);
  }
  return { value, end: i + 1 };
}
