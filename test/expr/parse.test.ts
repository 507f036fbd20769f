import { describe, expect, it } from 'vitest';
import { ExprSyntaxError, parseExpression, rootsOf } from '../../expr/index.js';

/** The syntax error `src` throws (fails the test when it parses). */
function syntaxError(src: string, base = 0): ExprSyntaxError {
  try {
    parseExpression(src, base);
  } catch (error) {
    expect(error).toBeInstanceOf(ExprSyntaxError);
    return error as ExprSyntaxError;
  }
  throw new Error(`expected \`${src}\` to be refused`);
}

describe('parseExpression', () => {
  it('builds a tree with precedence and offsets', () => {
    const expr = parseExpression('a + b * 2');
    expect(expr).toMatchObject({
      kind: 'binary', op: '+', start: 0, end: 9,
      left: { kind: 'ident', name: 'a' },
      right: { kind: 'binary', op: '*', left: { name: 'b', start: 4 }, right: { value: 2 } },
    });
  });

  it('parses literals, escapes, members, calls, arrays and conditionals', () => {
    expect(parseExpression(`'it\\'s\\n' `)).toMatchObject({ kind: 'literal', value: "it's\n" });
    expect(parseExpression('"\\u0041"')).toMatchObject({ value: 'A' });
    expect(parseExpression('1.5e3')).toMatchObject({ value: 1500 });
    expect(parseExpression('null')).toMatchObject({ kind: 'literal', value: null });
    expect(parseExpression('a.b[0]["c"]')).toMatchObject({ kind: 'member', computed: true, object: { kind: 'member', object: { kind: 'member', computed: false } } });
    expect(parseExpression('len([1, 2,])')).toMatchObject({ kind: 'call', callee: 'len', args: [{ kind: 'array', items: [{}, {}] }] });
    expect(parseExpression('a ? b : c ? d : e')).toMatchObject({ kind: 'conditional', otherwise: { kind: 'conditional' } });
    expect(parseExpression('x in y')).toMatchObject({ kind: 'binary', op: 'in' });
  });

  it('shifts offsets by the base', () => {
    expect(parseExpression('a', 10)).toMatchObject({ start: 10, end: 11 });
    expect(syntaxError('1 +', 10).offset).toBe(13);
  });

  it.each([
    ['1 +', 'Unexpected end of expression, expected an expression', 3],
    ['(1', 'Unexpected end of expression, expected `)`', 2],
    ['a b', 'Unexpected `b`, expected an operator or end of expression', 2],
    ['a = 1', 'Unexpected character `=`, expected `==`', 2],
    ['a & b', 'Unexpected character `&`, expected `&&`', 2],
    ['a # b', 'Unexpected character `#`, expected an expression or operator', 2],
    ["'abc", "Unexpected end of expression, expected `'` to close the string", 4],
    ["'a\\qb'", 'Unexpected escape `\\q`', 2],
    ['a.1', 'Unexpected `1`, expected a member name after `.`', 2],
    ['12abc', 'Unexpected `a` after number `12`, expected an operator', 2],
    ['a ? b', 'Unexpected end of expression, expected `:`', 5],
    ['in', 'Unexpected `in`, expected an expression', 0],
    ['2 * 1e999', 'Unexpected `1e999`, expected a finite number', 4],
    ['', 'Unexpected end of expression, expected an expression', 0],
  ])('refuses `%s` with "%s" at %i', (src, message, offset) => {
    const error = syntaxError(src);
    expect(error.message).toContain(message);
    expect(error.offset).toBe(offset);
  });

  it('calls only builtins, with the right number of arguments', () => {
    expect(syntaxError('exec(1)').message).toMatch(/^Unknown function `exec`, expected one of `default`/);
    expect(syntaxError('a.b(1)').message).toContain('only builtin functions can be called');
    expect(syntaxError('x + len(1, 2)')).toMatchObject({ offset: 4, message: expect.stringContaining('Unexpected 2 arguments to `len`, expected 1') });
    expect(syntaxError('join()').message).toContain('expected 1 to 2: `join(array, separator?)`');
  });

  it.each(['params.__proto__', 'params.constructor', "x['constructor']", 'a.prototype', '__proto__', "x['__proto__'].y"])(
    'refuses prototype access in `%s`',
    (src) => {
      expect(syntaxError(src).message).toContain('prototype access is refused');
    },
  );

  it('refuses deep nesting with a syntax error, not a stack overflow', () => {
    expect(parseExpression(`${'('.repeat(60)}1${')'.repeat(60)}`)).toMatchObject({ value: 1 });
    for (const src of [`${'('.repeat(65)}1${')'.repeat(65)}`, `${'!'.repeat(100)}a`, `${'['.repeat(500)}`, `${'-'.repeat(1999)}1`, 'len('.repeat(400)]) {
      expect(syntaxError(src).message).toContain('nested deeper than 64 levels');
    }
  });

  it('refuses overlong expressions', () => {
    const error = syntaxError('1+'.repeat(1000) + '1');
    expect(error.message).toBe('Unexpected expression of 2001 characters, expected at most 2000');
  });

  it('evaluates long flat operator chains without deep recursion', () => {
    expect(() => parseExpression('1+'.repeat(999) + '1')).not.toThrow();
  });
});

describe('rootsOf', () => {
  it('lists every root identifier with its offset, not builtin names or member names', () => {
    expect(rootsOf(parseExpression("default(params.host, incident.labels[run.key]) + len(x) + 'y'"))).toEqual([
      { name: 'params', offset: 8 },
      { name: 'incident', offset: 21 },
      { name: 'run', offset: 37 },
      { name: 'x', offset: 53 },
    ]);
  });

  it('treats a builtin name used as a value as a variable', () => {
    expect(rootsOf(parseExpression('len'))).toEqual([{ name: 'len', offset: 0 }]);
  });
});
