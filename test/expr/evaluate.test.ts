import { describe, expect, it } from 'vitest';
import { evaluate, ExprEvalError, parseExpression, truthy } from '../../expr/index.js';

const scope = {
  params: { host: 'db-1', count: 3, ratio: 0.5, tags: ['disk', 'cpu'], flags: { dry: true }, empty: '', zero: 0, none: null, port: '8080' },
  incident: { labels: { severity: 'critical' } },
  steps: [{ id: 'a' }, { id: 'b' }],
};

const run = (src: string, vars: Record<string, unknown> = scope): unknown => evaluate(parseExpression(src), vars);

/** The evaluation error `src` throws (fails the test when it evaluates). */
function evalError(src: string, vars: Record<string, unknown> = scope): ExprEvalError {
  try {
    run(src, vars);
  } catch (error) {
    expect(error).toBeInstanceOf(ExprEvalError);
    return error as ExprEvalError;
  }
  throw new Error(`expected \`${src}\` to fail`);
}

describe('evaluate', () => {
  it.each<[string, unknown]>([
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['7 % 4 - 10 / 4', 0.5],
    ['-params.count', -3],
    ['- -1', 1],
    ["params.host + ':' + params.count", 'db-1:3'],
    ["'n=' + true", 'n=true'],
    ["'x' + params.none", 'x'],
    ['1 == 1', true],
    ['params.port == 8080', false],
    ["params.port == '8080'", true],
    ['params.count != 3', false],
    ["[1, 'a'] == [1, 'a']", true],
    ['params.flags == params.flags', true],
    ['params.missing == null', true],
    ["'a' < 'b'", true],
    ['2 <= 2', true],
    ['3 > 4', false],
    ['3 >= 4', false],
    ["'disk' in params.tags", true],
    ["'net' in params.tags", false],
    ["'b-' in params.host", true],
    ["'dry' in params.flags", true],
    ["'x' in params.none", false],
    ['!params.flags.dry', false],
    ['!params.tags', false],
    ['![]', true],
    ["params.empty || 'fallback'", 'fallback'],
    ["params.host || 'fallback'", 'db-1'],
    ['params.zero && params.missing.deep', 0],
    ["params.count > 2 ? 'many' : 'few'", 'many'],
    ['[params.count, params.host]', [3, 'db-1']],
    ['steps[1].id', 'b'],
    ["incident['labels'].severity", 'critical'],
    ['params.tags[5]', null],
    ['params.tags.length', 2],
    ['params.missing.a.b', null],
    ['nothing', null],
  ])('`%s` is %j', (src, expected) => {
    expect(run(src)).toEqual(expected);
  });

  it.each<[string, string, number]>([
    ['1 / 0', 'Division by zero in `1 / 0`', 0],
    ['params.count % params.zero', 'Division by zero in `params.count % params.zero`', 0],
    ['params.host * 2', 'Cannot apply `*` to string and number in `params.host * 2`', 0],
    ['1 + true', 'Cannot apply `+` to number and boolean', 0],
    ['-params.host', 'Cannot negate a string in `-params.host`', 0],
    ["params.count < '4'", 'Cannot compare number with string using `<`', 0],
    ["'x' + params.tags", 'Cannot concatenate an array; use json() or join()', 0],
    ['1 + params.host.size', 'Cannot read `size` of a string in `params.host.size`', 4],
    ['params[params.flags]', 'Cannot use an object as a member name', 0],
    ['1 in 5', 'Cannot evaluate `in`: cannot look inside a number', 0],
    ['1e308 * 10', 'Result is not a finite number', 0],
  ])('`%s` fails with "%s"', (src, message, offset) => {
    const error = evalError(src);
    expect(error.message).toContain(message);
    expect(error.offset).toBe(offset);
  });

  it('refuses prototype names computed at run time', () => {
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      expect(evalError('params[k]', { ...scope, k: key }).message).toBe(`Refused member \`${key}\` (prototype access) in \`params[k]\``);
    }
  });

  it('reads only own properties of plain data', () => {
    const inherited = Object.create({ secret: 'from prototype' }) as Record<string, unknown>;
    expect(run('o.secret', { o: { ...inherited } })).toBeNull();
    expect(run('o.toString', { o: {} })).toBeNull();
    expect(run('o.hasOwnProperty', { o: [] })).toBeNull();
    expect(run('toString', {})).toBeNull();
    const getter = { get boom(): string { throw new Error('getter ran'); } };
    expect(run('o.boom', { o: getter })).toBeNull();
    expect(evalError('d.x', { d: new Date(0) }).message).toContain('Cannot read `x` of an unsupported object');
    expect(evalError('m.size', { m: new Map() }).message).toContain('unsupported object');
  });

  it('wraps failures on exotic values into ExprEvalError', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(evalError('json(c)', { c: cyclic }).message).toContain('nested deeper than 200 levels');
    const twin: Record<string, unknown> = {};
    twin.self = twin;
    expect(evalError('c == twin', { c: cyclic, twin }).message).toContain('nested deeper than 200 levels');
  });

  it('does not evaluate the right side of a decided && or ||', () => {
    expect(run('false && 1 / 0')).toBe(false);
    expect(run('true || 1 / 0')).toBe(true);
    expect(run('true ? 1 : 1 / 0')).toBe(1);
  });
});

describe('truthy', () => {
  it.each<[unknown, boolean]>([
    [false, false], [null, false], [undefined, false], [0, false], ['', false], [[], false],
    [true, true], [1, true], ['0', true], [[0], true], [{}, true], [{ a: 1 }, true],
  ])('%j is %s', (value, expected) => {
    expect(truthy(value)).toBe(expected);
  });
});
