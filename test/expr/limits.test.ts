/**
 * What a template renders inside the workflow is bounded: text an expression
 * builds and a whole rendered value stay within 1 MiB, and the error comes
 * before the big text is built, with the path of the string that overran.
 * `number()` refuses numeric text that is out of range instead of giving
 * Infinity (which JSON, and so a run, turns into null).
 */
import { describe, expect, it } from 'vitest';
import { evaluate, isExprEvalError, MAX_TEXT, parseExpression, renderValue } from '../../expr/index.js';

const MiB = 1024 * 1024;

/** The error `fn` throws (fails the test when it returns). */
function thrown(fn: () => unknown): Error & { path?: unknown } {
  try {
    fn();
  } catch (error) {
    return error as Error & { path?: unknown };
  }
  throw new Error('expected a throw');
}

const evalExpr = (source: string, scope: Record<string, unknown> = {}): unknown => evaluate(parseExpression(source), scope);

describe('rendered values are at most 1 MiB', () => {
  const incident = { s: 'y'.repeat(100_000) };
  const OVER = /^Unexpected rendered value over 1 MiB \(1048576 characters\) of JSON, expected a smaller value/;

  it('is 1 MiB', () => {
    expect(MAX_TEXT).toBe(MiB);
  });

  it('stops 300 copies of a field in one string, naming where', () => {
    const template = Array.from({ length: 300 }, () => '{{ incident.s }}').join(' ');
    const error = thrown(() => renderValue({ message: template }, { incident }));
    expect(isExprEvalError(error)).toBe(true);
    expect(error.message).toMatch(OVER);
    expect(error.path).toEqual(['message']);
  });

  it('counts the whole value: many strings, lists of references, objects', () => {
    const many = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`f${i}`, '{{ incident.s }}']));
    expect(thrown(() => renderValue(many, { incident })).message).toMatch(OVER);
    const list = `{{ [${Array.from({ length: 20 }, () => 'incident.s').join(', ')}] }}`;
    expect(thrown(() => renderValue({ fields: list }, { incident })).message).toMatch(OVER);
    expect(thrown(() => renderValue('{{ incident }}', { incident: { s: 'y'.repeat(MiB + 1) } })).message).toMatch(OVER);
  });

  it('fails as an evaluation error when escapes make an object longer as JSON than it looked', () => {
    const error = thrown(() => renderValue({ message: 'x {{ incident }}' }, { incident: { s: '\u0001'.repeat(300_000) } }));
    expect(isExprEvalError(error)).toBe(true);
    expect(error.message).toMatch(/longer than 1 MiB/);
    expect(error.path).toEqual(['message']);
  });

  it('still renders values up to the limit', () => {
    const rendered = renderValue({ a: '{{ incident.s }}', b: 'x {{ incident.s }}', c: ['{{ incident }}'] }, { incident });
    expect(rendered).toEqual({ a: incident.s, b: `x ${incident.s}`, c: [incident] });
  });
});

describe('expressions build at most 1 MiB of text', () => {
  const scope = { s: 'y'.repeat(600_000) };

  it('refuses `+` past the limit before concatenating', () => {
    expect(() => evalExpr('s + s + s + s + s + s + s + s', scope)).toThrow(/Result of 1200000 characters is longer than 1 MiB/);
    expect(evalExpr("s + '!'", scope)).toHaveLength(600_001);
  });

  it('refuses join(), json(), string() and upper() results past the limit', () => {
    expect(() => evalExpr('join([s, s, s])', scope)).toThrow(/result of 1800002 characters is longer than 1 MiB/);
    expect(() => evalExpr('json([s, s])', scope)).toThrow(/result is longer than 1 MiB/);
    expect(() => evalExpr('string([s, s])', scope)).toThrow(/result is longer than 1 MiB/);
    expect(() => evalExpr('upper(t)', { t: 'ß'.repeat(600_000) })).toThrow(/longer than 1 MiB/);
    expect(evalExpr('len(join([s], "-"))', scope)).toBe(600_000);
  });
});

describe('number()', () => {
  it('refuses numeric text out of range instead of returning Infinity', () => {
    for (const text of ['1e400', '-1e400', '9'.repeat(400)]) {
      const error = thrown(() => evalExpr(`number('${text}')`));
      expect(isExprEvalError(error)).toBe(true);
      expect(error.message).toMatch(/^number\(\) expects a finite number, got `-?[0-9e]+…?` \(out of range\)/);
    }
  });

  it('still converts numbers in range', () => {
    expect(evalExpr("number('1e300')")).toBe(1e300);
    expect(evalExpr("number(' -1.5e2 ')")).toBe(-150);
  });
});
