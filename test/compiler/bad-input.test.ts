/**
 * Hostile or careless runbook input is a diagnostic, never a crash and never
 * a plan that means something else: `with:` keys named like inherited members,
 * reserved `as` and param names, numbers past what a run can carry (retry
 * attempts that wrap to "for ever", timers that fire at once, infinities that
 * JSON turns into `null`), and YAML aliases that blow a plan up.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compilePaths, compileRunbook } from '../../compiler/index.js';
import { RESERVED_NAMES } from '../../compiler/names.js';
import type { ActionStep, ParamSpec } from '../../plan/types.js';
import { resolveParams } from '../../workflows/params.js';

/** A one-step runbook whose `swaybot` block is `yaml`, after optional front matter. */
function page(yaml: string, front = ''): string {
  return `${front ? `---\n${front}\n---\n` : ''}# Page\n\n## Step\n\n\`\`\`swaybot\n${yaml}\n\`\`\`\n`;
}

/** `ruleId reason` of every message; the compile must not throw. */
function problems(source: string): string[] {
  return compileRunbook(source, { path: 'page.md' }).file.messages.map((m) => `${m.ruleId} ${m.reason}`);
}

describe('`with:` keys are looked up as own params only', () => {
  for (const key of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf']) {
    it(`\`${key}\` is an unknown param, not a crash or an accepted key`, () => {
      const yaml = `action: log\nwith:\n  message: hi\n  ${key}: "{{ run.runId }}"`;
      expect(problems(page(yaml))).toEqual([
        `unknown-param Unexpected param \`${key}\` for \`log\`, expected one of \`fields\`, \`level\`, \`message\``,
      ]);
      expect(problems(page(`action: log\nwith:\n  message: hi\n  ${key}: 1`))).toHaveLength(1);
    });
  }

  it('refuses a `__proto__` key inside a value, which a run would drop', () => {
    expect(problems(page('action: http.request\nwith:\n  url: http://127.0.0.1/\n  headers: { __proto__: x, accept: y }'))).toEqual([
      'bad-param Unexpected key `__proto__` in `headers` of `http.request`, expected another key (a run would drop it)',
    ]);
    expect(problems(page('action: log\nwith:\n  message: hi\n  fields: { a: [ { constructor: 1, toString: 2 } ] }'))).toEqual([]);
  });

  it('a folder check goes on past such a page, in this thread and in the worker', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'swaybot-bad-input-'));
    writeFileSync(join(dir, 'a-bad.md'), page('action: log\nwith:\n  message: hi\n  constructor: 1'));
    writeFileSync(join(dir, 'b-good.md'), page('action: log\nwith:\n  message: hi'));
    for (const timeBudgetMs of [Infinity, 10_000]) {
      const [bad, good] = await compilePaths([dir], { timeBudgetMs });
      expect(bad!.file.messages.map((m) => m.ruleId)).toEqual(['unknown-param']);
      expect(good!.plan?.steps).toHaveLength(1);
    }
  });
});

describe('reserved names', () => {
  it('covers every member of Object.prototype', () => {
    for (const name of [...Object.getOwnPropertyNames(Object.prototype), 'prototype']) expect(RESERVED_NAMES.has(name)).toBe(true);
  });

  for (const name of ['__proto__', 'constructor', 'prototype', 'toString']) {
    it(`refuses \`as: ${name}\`, which would lose the output`, () => {
      const source = page(`action: log\nas: ${name}\nwith:\n  message: hi`);
      expect(problems(source)).toEqual([
        `bad-output Unexpected \`${name}\` for \`as\`, expected a name other than \`__proto__\`, \`constructor\`, \`prototype\`, \`toString\` and the other members of \`Object.prototype\``,
      ]);
    });

    it(`refuses a param named \`${name}\``, () => {
      expect(problems(page('action: log\nwith:\n  message: hi', `params:\n  ${name}: 1`))).toEqual([
        `bad-param Unexpected param name \`${name}\`, expected a name other than \`__proto__\`, \`constructor\`, \`prototype\`, \`toString\` and the other members of \`Object.prototype\``,
      ]);
    });
  }

  it('gives steps and checklist items headed like a reserved name an id of their own', () => {
    const { plan } = compileRunbook('# Page\n\n## Constructor\n\n- [ ] constructor\n- [ ] `__proto__`\n\n## `__proto__`\n\nText.\n');
    expect(plan?.steps.map((s) => s.id)).toEqual(['constructor-step', '__proto__-step']);
    const first = plan!.steps[0]!;
    expect(first.kind === 'manual' ? first.checklist.map((i) => i.id) : []).toEqual(['constructor-item', '__proto__-item']);
  });

  it('keeps a `__proto__` match label as a label, not a prototype', () => {
    const { plan } = compileRunbook(page('action: log\nwith:\n  message: hi', 'match:\n  __proto__: x\n  service: web'));
    expect(Object.getPrototypeOf(plan!.match)).toBe(Object.prototype);
    expect(Object.entries(plan!.match)).toEqual([['__proto__', 'x'], ['service', 'web']]);
  });
});

describe('numbers are bounded', () => {
  const retry = (value: string): string[] => problems(page(`action: log\nwith:\n  message: hi\nretry:\n  maximumAttempts: ${value}`));

  it('refuses attempts that would wrap to 0 (retry for ever) or are absurd', () => {
    expect(retry('4294967296')).toEqual(['bad-retry Unexpected `4294967296` for `maximumAttempts`, expected at most 1000']);
    expect(retry('1e300')).toEqual(['bad-retry Unexpected `1e+300` for `maximumAttempts`, expected at most 1000']);
    expect(retry('1001')).toHaveLength(1);
    expect(retry('.inf')).toEqual(['bad-retry Unexpected `Infinity` for `maximumAttempts`, expected a whole number of at least 1']);
    expect(retry('1000')).toEqual([]);
    expect(problems(page('action: log\nwith:\n  message: hi\nretry: 4294967296'))).toEqual(['bad-retry Unexpected `4294967296` for `retry`, expected at most 1000']);
    expect(problems(page('action: log\nwith:\n  message: hi\nretry:\n  backoffCoefficient: 1e300'))).toEqual(['bad-retry Unexpected `1e+300` for `backoffCoefficient`, expected at most 100']);
  });

  it('refuses durations past 24 days, written or in milliseconds, wherever a duration goes', () => {
    const tooLong = (value: string, key: string): string => `Unexpected \`${value}\` for \`${key}\`, expected at most \`24d\` (2073600000 ms): longer timers fire at once`;
    const log = 'action: log\nwith:\n  message: hi';
    expect(problems(page(`${log}\ntimeout: 25d`))).toEqual([`bad-duration ${tooLong('25d', 'timeout')}`]);
    expect(problems(page(`${log}\ntimeout: 2073600001`))).toEqual([`bad-duration ${tooLong('2073600001', 'timeout')}`]);
    expect(problems(page(`${log}\ntimeout: 4294967296`))).toHaveLength(1);
    expect(problems(page(`${log}\nretry:\n  initialInterval: 1e300`))).toEqual([`bad-duration ${tooLong('1e+300', 'initialInterval')}`]);
    expect(problems(page(`${log}\nretry:\n  maximumInterval: 9999999999999999999999d`))).toHaveLength(1);
    expect(problems(page(`${log}\napproval:\n  groups: sre\n  timeout: 30d`))).toEqual([`bad-duration ${tooLong('30d', 'timeout')}`]);
    expect(problems(page(log, 'timeout: 25d'))).toEqual([`bad-duration ${tooLong('25d', 'timeout')}`]);
    expect(problems(page('action: wait\nwith:\n  duration: 25d'))).toEqual([`bad-param ${tooLong('25d', 'duration').replace('`duration`', '`duration` of `wait`')}`]);
    expect(problems(page('action: wait\nwith:\n  duration: 1e300'))).toHaveLength(1);
    expect(problems(page('action: http.request\nwith:\n  url: http://127.0.0.1/\n  timeout: 25d'))).toHaveLength(1);
    expect(problems(page('action: wait\nwith:\n  duration: 24d', 'timeout: 24d'))).toEqual([]);
    expect(problems(page(`${log}\ntimeout: 576h`))).toEqual([]);
  });

  it('refuses param defaults that are not finite, which a run would read as null', () => {
    for (const value of ['.inf', '-.inf', '.nan', '1e999', '{ type: number, default: .inf }']) {
      const [problem, ...rest] = problems(page('action: log\nwith:\n  message: hi', `params:\n  limit: ${value}`));
      expect(problem).toMatch(/^bad-param Unexpected `(-?Infinity|NaN)` as default of `limit`, expected a finite number$/);
      expect(rest).toEqual([]);
    }
  });

  it('refuses non-finite numbers anywhere in `with`, templated or not', () => {
    expect(problems(page('action: log\nwith:\n  message: "{{ run.runId }}"\n  fields: { a: [1, .nan] }'))).toEqual([
      'bad-param Unexpected `NaN` for `fields` of `log`, expected a finite number',
    ]);
    expect(problems(page('action: hardware.identify\nwith:\n  host: db-1\n  seconds: .inf'))).toEqual([
      'bad-param Unexpected `Infinity` for `seconds` of `hardware.identify`, expected a finite number',
    ]);
  });

  it('refuses a non-finite default when a run resolves params of an old plan (JSON made it null)', () => {
    const specs = [{ name: 'limit', type: 'number', required: false, default: null }] as unknown as ParamSpec[];
    expect(resolveParams(specs, {}).problems).toEqual(['`limit` has a default that is not a finite number, a string or a boolean (recompile the runbook)']);
    const infinite: ParamSpec[] = [{ name: 'limit', type: 'number', required: false, default: Infinity }];
    expect(resolveParams(infinite, {}).problems).toHaveLength(1);
    expect(resolveParams(infinite, { limit: -Infinity }).problems).toEqual(['`limit` must be a finite number, got -Infinity']);
    expect(resolveParams(infinite, { limit: 5 })).toEqual({ values: { limit: 5 }, problems: [] });
  });
});

/** A `log` block whose `fields` nest 250 lists deep. */
const log250 = (): string => `action: log\nwith:\n  message: hi\n  fields: { a: ${'['.repeat(250)}${']'.repeat(250)} }`;

describe('plan size', () => {
  it('refuses a plan that YAML aliases blow up past 2 MiB', () => {
    const big = 'x'.repeat(100_000);
    const aliases = Array.from({ length: 99 }, (_, i) => `    f${i}: *big`).join('\n');
    const source = page(`action: log\nwith:\n  message: &big "${big}"\n  fields:\n${aliases}`);
    expect(Buffer.byteLength(source)).toBeLessThan(512 * 1024);
    const { plan, file } = compileRunbook(source);
    expect(plan).toBeUndefined();
    expect(file.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.reason}`)).toEqual([
      '1:1 plan-too-large Unexpected plan over 2 MiB of JSON, expected a smaller plan (YAML aliases such as `*name` copy their value into the plan each time: write big values once, or split the page)',
    ]);
  });

  it('refuses an alias inside the value it names (a cycle) and values nested past 100 levels, without a crash', () => {
    expect(problems(page('action: log\nwith:\n  message: hi\n  fields: &loop { self: *loop }'))).toEqual([
      'bad-yaml Unexpected YAML in `swaybot` block: an alias `*loop` inside the value it names, expected an alias to a value that is complete where it is used',
    ]);
    expect(problems(page(log250()))).toEqual(['bad-param Unexpected value nested deeper than 100 levels for `fields` of `log`, expected a flatter value']);
  });

  it('keeps a page with a few aliases of a big value', () => {
    const big = 'x'.repeat(100_000);
    const { plan } = compileRunbook(page(`action: log\nwith:\n  message: &big "${big}"\n  fields:\n    a: *big\n    b: *big`));
    expect((plan!.steps[0] as ActionStep).with['fields']).toEqual({ a: big, b: big });
  });
});
