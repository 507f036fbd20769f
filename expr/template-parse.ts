/**
 * Splits a string into text and `{{ expr }}` parts. `\{{` writes a literal
 * `{{`. Expression offsets (and error offsets) are into the whole string.
 */
import type { Expr } from './ast.js';
import { MAX_LENGTH, parseExpression } from './parse.js';
import { ExprSyntaxError } from './syntax-error.js';
import { isSpace } from './tokens.js';

export type TemplatePart =
  | { kind: 'text'; text: string }
  /** `source` is the trimmed text between the braces; `offset` is where it starts. */
  | { kind: 'expr'; source: string; expr: Expr; offset: number };

/** Next unescaped `{{` at or after `from`, collecting the text before it (escapes resolved). */
function nextOpen(s: string, from: number): { open: number; text: string } {
  let text = '';
  let i = from;
  for (;;) {
    const open = s.indexOf('{{', i);
    if (open === -1) return { open: -1, text: text + s.slice(i) };
    if (open > 0 && s[open - 1] === '\\') {
      text += `${s.slice(i, open - 1)}{{`;
      i = open + 2;
      continue;
    }
    return { open, text: text + s.slice(i, open) };
  }
}

/**
 * Index of the `}}` closing the template whose body starts at `from`, skipping
 * `}}` inside string literals. If a quote is unterminated, falls back to the
 * first `}}` so the parser reports the unterminated string with its position.
 */
function findClose(s: string, from: number): number {
  let i = from;
  while (i < s.length) {
    const ch = s[i];
    if (ch === '}' && s[i + 1] === '}') return i;
    if (ch === "'" || ch === '"') {
      let j = i + 1;
      while (j < s.length && s[j] !== ch) j += s[j] === '\\' ? 2 : 1;
      if (j >= s.length) return s.indexOf('}}', from);
      i = j + 1;
    } else {
      i++;
    }
  }
  return -1;
}

/** True when `s` holds at least one unescaped `{{`. */
export function hasTemplate(s: string): boolean {
  return nextOpen(s, 0).open !== -1;
}

/**
 * Parses a template string into parts. Throws ExprSyntaxError for an
 * unclosed `{{`, an empty `{{ }}` or a bad expression, with `offset` into `s`.
 */
export function parseTemplate(s: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let i = 0;
  while (i <= s.length) {
    const { open, text } = nextOpen(s, i);
    if (text !== '') parts.push({ kind: 'text', text });
    if (open === -1) break;
    const close = findClose(s, open + 2);
    if (close === -1) throw new ExprSyntaxError('Unexpected end of template, expected `}}` to close `{{`', open);
    let start = open + 2;
    let end = close;
    while (start < end && isSpace(s[start])) start++;
    while (end > start && isSpace(s[end - 1])) end--;
    if (start === end) throw new ExprSyntaxError('Unexpected `}}`, expected an expression inside `{{ }}`', close);
    // Parse up to the braces, so "unexpected end" points at the `}}` (unless
    // trailing blanks alone would break the length limit).
    const expr = parseExpression(s.slice(start, close - start > MAX_LENGTH ? end : close), start, '`}}`');
    parts.push({ kind: 'expr', source: s.slice(start, end), expr, offset: start });
    i = close + 2;
  }
  return parts;
}
