import { describe, expect, it } from 'vitest';
import {
  conditionRoots,
  evaluateCondition,
  ExprEvalError,
  ExprSyntaxError,
  hasTemplate,
  parseTemplate,
  renderValue,
  templateRoots,
} from '../../expr/index.js';
import type { TemplateValue } from '../../plan/types.js';

const scope = {
  params: { host: 'db-1', count: 3, tags: ['a', 'b'], meta: { zone: 'eu' }, none: null, dry: false },
  check: { status: 200 },
};

/** The error `fn` throws (fails the test when it returns). */
function thrown(fn: () => unknown): Error & { offset: number; path?: unknown } {
  try {
    fn();
  } catch (error) {
    return error as Error & { offset: number };
  }
  throw new Error('expected a throw');
}

describe('hasTemplate / parseTemplate', () => {
  it('finds templates and honours the `\\{{` escape', () => {
    expect(hasTemplate('no braces { here }')).toBe(false);
    expect(hasTemplate('a {{ x }}')).toBe(true);
    expect(hasTemplate('literal \\{{ x }}')).toBe(false);
    expect(parseTemplate('literal \\{{ x }} and {{ y }}')).toMatchObject([
      { kind: 'text', text: 'literal {{ x }} and ' },
      { kind: 'expr', source: 'y', offset: 24 },
    ]);
  });

  it('splits text and expressions with offsets into the whole string', () => {
    const parts = parseTemplate('Host {{  params.host }}: {{check.status}}');
    expect(parts).toMatchObject([
      { kind: 'text', text: 'Host ' },
      { kind: 'expr', source: 'params.host', offset: 9, expr: { kind: 'member', start: 9 } },
      { kind: 'text', text: ': ' },
      { kind: 'expr', source: 'check.status', offset: 27 },
    ]);
  });

  it('skips `}}` inside string literals', () => {
    expect(parseTemplate("{{ '}}' + 'x' }}!")).toMatchObject([{ kind: 'expr', source: "'}}' + 'x'" }, { kind: 'text', text: '!' }]);
  });

  it.each<[string, string, number]>([
    ['line one\nsee {{ params.host + }} now', 'Unexpected `}}`, expected an expression', 30],
    ['text {{ params.host', 'Unexpected end of template, expected `}}` to close `{{`', 5],
    ['a {{ }} b', 'Unexpected `}}`, expected an expression inside `{{ }}`', 5],
    ['ok {{ a }} then {{ 1 = 2 }}', 'Unexpected character `=`, expected `==`', 21],
    ["x {{ 'open }} y", "expected `'` to close the string", 11],
    ['{{ evil(1) }}', 'Unknown function `evil`', 3],
    ['{{ params.constructor }}', 'prototype access is refused', 10],
  ])('refuses %j with "%s" at offset %i', (src, message, offset) => {
    const error = thrown(() => parseTemplate(src));
    expect(error).toBeInstanceOf(ExprSyntaxError);
    expect(error.message).toContain(message);
    expect(error.offset).toBe(offset);
  });
});

describe('renderValue', () => {
  it('returns the raw value for a string that is one template', () => {
    expect(renderValue('{{ params.count }}', scope)).toBe(3);
    expect(renderValue('  {{ params.tags }}\n', scope)).toEqual(['a', 'b']);
    expect(renderValue('{{ params.none }}', scope)).toBeNull();
    expect(renderValue('{{ params.missing }}', scope)).toBeNull();
  });

  it('interpolates other strings, converting values to text', () => {
    expect(renderValue('{{ params.host }}:{{ params.count }} dry={{ params.dry }} none=[{{ params.none }}] meta={{ params.meta }} tags={{ params.tags }}', scope)).toBe(
      'db-1:3 dry=false none=[] meta={"zone":"eu"} tags=["a","b"]',
    );
  });

  it('renders deep over arrays and objects, leaving other values alone', () => {
    expect(renderValue({ url: 'https://{{ params.host }}/x', n: 5, ok: true, nil: null, list: ['{{ params.count * 2 }}', 'plain'], nested: { z: '{{ params.meta.zone }}' } }, scope)).toEqual({
      url: 'https://db-1/x', n: 5, ok: true, nil: null, list: [6, 'plain'], nested: { z: 'eu' },
    });
  });

  it('keeps a `__proto__` key as data', () => {
    const value = JSON.parse('{"__proto__": "{{ params.host }}"}') as { [key: string]: string };
    const out = renderValue(value, scope) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(out, '__proto__')).toBe(true);
  });

  it('names the expression and the JSON path when evaluation fails', () => {
    const error = thrown(() => renderValue({ a: ['ok', 'n={{ params.count / 0 }}'] }, scope));
    expect(error).toBeInstanceOf(ExprEvalError);
    expect(error.message).toBe('Division by zero in `params.count / 0`');
    expect(error.offset).toBe(5);
    expect(error.path).toEqual(['a', 1]);
  });

  it('reports syntax errors with the JSON path', () => {
    const error = thrown(() => renderValue({ body: { text: 'x {{ ( }}' } }, scope));
    expect(error).toBeInstanceOf(ExprSyntaxError);
    expect(error.path).toEqual(['body', 'text']);
  });
});

describe('templateRoots', () => {
  it('lists roots with the JSON path and the offset inside the string', () => {
    expect(templateRoots({ url: 'x{{ params.host }}', list: [1, '{{ default(check.body, run.id) }}'], n: null })).toEqual([
      { name: 'params', path: ['url'], offset: 4 },
      { name: 'check', path: ['list', 1], offset: 11 },
      { name: 'run', path: ['list', 1], offset: 23 },
    ]);
  });

  it('throws ExprSyntaxError carrying the path of the bad string', () => {
    const error = thrown(() => templateRoots({ a: { b: ['fine', 'bad {{ params.'] } }));
    expect(error).toBeInstanceOf(ExprSyntaxError);
    expect(error.path).toEqual(['a', 'b', 1]);
    expect(error.offset).toBe(4);
  });
});

describe('conditions', () => {
  it('evaluates bare and wrapped conditions to booleans', () => {
    expect(evaluateCondition('check.status == 200', scope)).toBe(true);
    expect(evaluateCondition('{{ check.status == 200 }}', scope)).toBe(true);
    expect(evaluateCondition('  {{ params.dry }} ', scope)).toBe(false);
    expect(evaluateCondition("params.host || 'x'", scope)).toBe(true);
    expect(evaluateCondition('params.missing', scope)).toBe(false);
    expect(evaluateCondition('[]', scope)).toBe(false);
    expect(evaluateCondition("'' ", scope)).toBe(false);
  });

  it('refuses two templates glued together, pointing at the brace', () => {
    const error = thrown(() => evaluateCondition('  {{ a }} && {{ b }}', scope));
    expect(error).toBeInstanceOf(ExprSyntaxError);
    expect(error.message).toBe('Unexpected text around `{{ }}`, expected a bare expression or one `{{ expr }}`');
    expect(error.offset).toBe(2);
  });

  it('refuses values nested too deep to walk, with a syntax error', () => {
    let deep: TemplateValue = '{{ a }}';
    for (let i = 0; i < 5000; i++) deep = [deep];
    expect(() => templateRoots(deep)).toThrow(/nested deeper than 200 levels/);
    expect(() => renderValue(deep, scope)).toThrow(ExprSyntaxError);
  });

  it('lists the roots of a condition with offsets into the source', () => {
    expect(conditionRoots("{{ params.count > 1 && 'x' in check.tags }}")).toEqual([
      { name: 'params', path: [], offset: 3 },
      { name: 'check', path: [], offset: 30 },
    ]);
    expect(conditionRoots('len(outputs) > 0')).toEqual([{ name: 'outputs', path: [], offset: 4 }]);
  });

  it('surfaces evaluation errors', () => {
    expect(() => evaluateCondition('params.host > 1', scope)).toThrow('Cannot compare string with number using `>` in `params.host > 1`');
  });
});
