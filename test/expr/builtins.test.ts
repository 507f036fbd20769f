import { describe, expect, it } from 'vitest';
import { evaluate, ExprEvalError, parseExpression } from '../../expr/index.js';

const scope = { p: { name: 'Web', n: 2, list: ['a', 1, null, { k: true }], obj: { b: 1, a: [2] }, blank: '', nil: null } };
const run = (src: string): unknown => evaluate(parseExpression(src), scope);

describe('builtins', () => {
  it.each<[string, unknown]>([
    ["default(p.nil, 'x')", 'x'],
    ["default(p.missing, 'x')", 'x'],
    ["default(p.blank, 'x')", 'x'],
    ["default(0, 'x')", 0],
    ["default(false, 'x')", false],
    ["default(p.name, 'x')", 'Web'],
    ["len('héllo')", 5],
    ['len(p.list)', 4],
    ['len(p.obj)', 2],
    ['len(p.nil)', 0],
    ['lower(p.name)', 'web'],
    ['upper(p.name)', 'WEB'],
    ["contains(p.list, 'a')", true],
    ['contains(p.list, { k: true } == null)', false],
    ["contains(p.name, 'eb')", true],
    ["contains(p.obj, 'b')", true],
    ["contains(p.obj, 'toString')", false],
    ['contains(p.nil, 1)', false],
    ["join(p.list, ', ')", 'a, 1, , {"k":true}'],
    ["join(['x', 'y'])", 'x,y'],
    ['string(p.n)', '2'],
    ['string(p.nil)', ''],
    ['string(p.obj)', '{"b":1,"a":[2]}'],
    ['number(p.n)', 2],
    ["number(' -1.5e2 ')", -150],
    ["number('.5')", 0.5],
    ['json(p.obj)', '{"a":[2],"b":1}'],
    ["json('q\"')", '"q\\""'],
    ['json(p.nil)', 'null'],
    ['json([1, p.obj])', '[1,{"a":[2],"b":1}]'],
  ])('`%s` is %j', (src, expected) => {
    // `{ k: true }` is not in the grammar: that case must be a syntax error instead.
    if (src.includes('{ k')) {
      expect(() => parseExpression(src)).toThrow(/Unexpected character `\{`/);
      return;
    }
    expect(run(src)).toEqual(expected);
  });

  it.each<[string, string]>([
    ['lower(p.n)', 'lower() expects a string, got number in `lower(p.n)`'],
    ['upper(p.nil)', 'upper() expects a string, got null'],
    ['len(p.n)', 'len() expects a string, array or object, got number'],
    ["join(p.name, ',')", 'join() expects an array, got string'],
    ['join(p.list, 1)', 'join() expects a string, got number'],
    ["number('12px')", 'number() expects a number or numeric string, got `12px`'],
    ["number('')", 'got ``'],
    ["number('0x10')", 'got `0x10`'],
    ['number(true)', 'got a boolean'],
    ['contains(p.name, 1)', 'cannot look for a number in a string'],
    ['contains(p.obj, 1)', 'object keys are strings, got number'],
    ['contains(3, 1)', 'cannot look inside a number'],
  ])('`%s` fails with "%s"', (src, message) => {
    expect(() => run(src)).toThrow(ExprEvalError);
    expect(() => run(src)).toThrow(message);
  });
});
