/**
 * Property: no runbook text makes `runbook check` throw or crash, however
 * hostile its YAML — keys named like inherited members (`__proto__`,
 * `constructor`, `toString`), numbers past every bound (2^32, 1e300, `.inf`,
 * `.nan`), durations of years, anchors and aliases. Whatever compiles
 * survives JSON unchanged (what Temporal does to a plan) and keeps every
 * documented bound.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePaths, compileRunbook } from '../../compiler/index.js';
import { durationMs, MAX_DURATION_MS } from '../../compiler/duration.js';
import { MAX_PLAN_BYTES } from '../../compiler/limits.js';
import { RESERVED_NAMES } from '../../compiler/names.js';
import { MAX_ATTEMPTS, MAX_BACKOFF } from '../../compiler/options.js';
import { jsonSize } from '../../expr/index.js';
import type { Duration, Plan } from '../../plan/types.js';

const hostileKey = fc.constantFrom('__proto__', 'constructor', 'toString', 'prototype', 'valueOf', 'hasOwnProperty', '__defineGetter__');
const hugeNumber = fc.constantFrom(
  '4294967296', '4294967297', '-1', '0', '1', '3', '1e300', '-1e300', '1e999', '-1e999', '.inf', '-.inf', '.nan', '.NaN', '0x100000000',
  '0o777', '9007199254740993', '1001', '1000', '100', '101', '2073600000', '2073600001', '1e-320', '3.5',
);
const duration = fc.constantFrom('24d', '25d', '576h', '577h', '30d', '1e300ms', '99999999999999999999999d', '0ms', '0.5s', '2147483648ms', '"25d"', '5m', 'forever');
const scalar = fc.oneof(
  { weight: 3, arbitrary: hugeNumber },
  { weight: 2, arbitrary: duration },
  { weight: 2, arbitrary: fc.constantFrom('hi', 'db-1', 'on', 'http://127.0.0.1/x', 'GET', 'true', 'null', '~', '[]', '{}', 'sre', 'info') },
  { weight: 2, arbitrary: fc.constantFrom('"{{ params.x }}"', '"{{ incident.s }}"', '"{{ number(\'1e400\') }}"', '"{{ __proto__ }}"', '"{{ a.constructor }}"') },
  { weight: 2, arbitrary: fc.constantFrom('{ __proto__: 1 }', '{ constructor: { prototype: 2 } }', '[.inf, .nan, 1e999]', '{ toString: "{{ run.runId }}" }') },
  { weight: 1, arbitrary: fc.constantFrom('!!binary aGk=', '!!float .inf', '!!int 4294967296', '!!str 1e999', '!!set { a, b }', '!!omap [ { a: 1 } ]') },
  { weight: 2, arbitrary: fc.constantFrom('*a', '[*a, *a, *a]', '{ x: *a, y: *a }') },
  { weight: 1, arbitrary: fc.string({ maxLength: 8 }).map((text) => JSON.stringify(text)) },
);
/** `key: value` lines of a mapping at `indent`; the first value may carry the anchor `&a` that later `*a` refer to. */
const entries = (keys: fc.Arbitrary<string>, indent: string) =>
  fc.tuple(fc.array(fc.tuple(keys, scalar), { maxLength: 4 }), fc.boolean())
    .map(([pairs, anchor]) => pairs.map(([k, v], i) => `${indent}${k}: ${anchor && i === 0 && !v.startsWith('*') ? `&a ${v}` : v}`));
const withKey = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('message', 'level', 'fields', 'url', 'method', 'body', 'duration', 'reason', 'host', 'seconds', 'state', 'wait', 'timeout', 'expectStatus') },
  { weight: 2, arbitrary: hostileKey },
);
const retry = fc.oneof(
  hugeNumber.map((n) => [`retry: ${n}`]),
  entries(fc.constantFrom('maximumAttempts', 'initialInterval', 'backoffCoefficient', 'maximumInterval'), '  ').map((lines) => ['retry:', ...lines]),
  fc.tuple(hugeNumber, duration, hugeNumber, duration).map(([a, i, b, m]) => ['retry:', `  maximumAttempts: ${a}`, `  initialInterval: ${i}`, `  backoffCoefficient: ${b}`, `  maximumInterval: ${m}`]),
);
const block = fc.record({
  action: fc.constantFrom('log', 'log', 'wait', 'http.request', 'hardware.identify', 'hardware.power', 'nope'),
  with: entries(withKey, '  '),
  as: fc.option(fc.oneof(hostileKey, fc.constantFrom('out', 'health', 'params'))),
  retry: fc.option(retry),
  timeout: fc.option(fc.oneof(duration, hugeNumber)),
  approval: fc.option(fc.constantFrom('approval: true', 'approval: { groups: sre, timeout: 25d }', 'approval: { groups: sre, timeout: 24d, prompt: "{{ params.x }}" }')),
  extra: fc.option(fc.tuple(hostileKey, scalar).map(([k, v]) => `${k}: ${v}`)),
}).map((b) => [
  '```swaybot',
  `action: ${b.action}`,
  ...(b.with.length > 0 ? ['with:', ...b.with] : []),
  ...(b.as !== null ? [`as: ${b.as}`] : []),
  ...(b.retry ?? []),
  ...(b.timeout !== null ? [`timeout: ${b.timeout}`] : []),
  ...(b.approval !== null ? [b.approval] : []),
  ...(b.extra !== null ? [b.extra] : []),
  '```',
].join('\n'));
/** Unstructured YAML too, for what the structured blocks never write. */
const anyKey = fc.oneof(withKey, hostileKey, fc.constantFrom('action', 'with', 'as', 'retry', 'timeout', 'params', 'match'), fc.string({ maxLength: 6 }));
const looseBlock = fc.array(fc.tuple(fc.constantFrom('', '  ', '- '), anyKey, scalar).map(([i, k, v]) => `${i}${k}: ${v}`), { maxLength: 8 })
  .map((lines) => `\`\`\`swaybot\n${lines.join('\n')}\n\`\`\``);
const frontMatter = fc.record({
  params: entries(fc.oneof(hostileKey, fc.constantFrom('x', 'limit', 'host')), '  '),
  typed: fc.option(fc.tuple(fc.constantFrom('limit', '__proto__'), hugeNumber).map(([name, n]) => [`  ${name}:`, '    type: number', `    default: ${n}`])),
  match: entries(fc.oneof(hostileKey, fc.constantFrom('service', 'alertname')), '  '),
  timeout: fc.option(fc.oneof(duration, hugeNumber)),
}).map((f) => ['---', 'approvers: sre', ...(f.params.length + (f.typed?.length ?? 0) > 0 ? ['params:', ...f.params, ...(f.typed ?? [])] : []),
  ...(f.match.length > 0 ? ['match:', ...f.match] : []), ...(f.timeout !== null ? [`timeout: ${f.timeout}`] : []), '---'].join('\n'));
const title = fc.constantFrom('Constructor', '`__proto__`', 'toString', 'Prototype', 'Check', 'Restart');
const section = fc.tuple(title, fc.oneof({ weight: 4, arbitrary: block }, { weight: 1, arbitrary: looseBlock }, { weight: 1, arbitrary: fc.constantFrom('- [ ] constructor\n- [x] `__proto__`', 'Text with \u001b[2J and \u202e.') }))
  .map(([t, body]) => `## ${t}\n\n${body}`);
const hostile = fc.tuple(fc.option(frontMatter), fc.array(section, { minLength: 1, maxLength: 5 }))
  .map(([fm, sections]) => [fm ?? '', '# Hostile', ...sections].join('\n\n'));

/** Near-valid pages, values at and just past each bound, so that plans come out and their bounds can be checked. */
const edge = <T>(ok: readonly T[], over: readonly T[]) => fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...ok) }, { weight: 1, arbitrary: fc.constantFrom(...over) });
const gentleBlock = fc.record({
  retry: fc.option(edge(['retry: 1', 'retry: 1000', 'retry:\n  maximumAttempts: 1000\n  backoffCoefficient: 100\n  initialInterval: 24d\n  maximumInterval: 576h'],
    ['retry: 1001', 'retry: 4294967296', 'retry:\n  backoffCoefficient: 1e300', 'retry:\n  maximumInterval: 25d'])),
  timeout: fc.option(edge(['24d', '576h', '2073600000', '0.5s'], ['25d', '2073600001', '1e300', '.inf'])),
  as: fc.option(edge(['out'], ['constructor', '__proto__', 'toString']), { freq: 1 }),
  fields: fc.option(edge(['fields: { a: 1e300, b: -1e-300 }', 'fields: &a { x: "y" }\n  level: info', 'fields: { x: &a "v", y: [*a, *a] }'],
    ['fields: { a: .inf }', 'fields: [.nan]', 'constructor: 1', 'toString: "{{ run.runId }}"'])),
  wait: fc.boolean(),
  waitFor: edge(['24d', '1s', '2073600000'], ['25d', '1e300', '4294967296']),
}).map((b) => ['```swaybot', ...(b.wait ? ['action: wait', 'with:', `  duration: ${b.waitFor}`] : ['action: log', 'with:', '  message: hi', ...(b.fields !== null ? [`  ${b.fields}`] : [])]),
  ...(b.as !== null ? [`as: ${b.as}`] : []), ...(b.retry !== null && !b.wait ? [b.retry] : []), ...(b.timeout !== null ? [`timeout: ${b.timeout}`] : []), '```'].join('\n'));
const gentleFront = fc.record({
  limit: edge(['3', '1e300', '-1e300', '0'], ['.inf', '-.inf', '.nan', '1e999']),
  name: edge(['limit', 'x'], ['constructor', '__proto__']),
  timeout: edge(['24d', '1h'], ['25d', '4294967296']),
}).map((f) => `---\napprovers: sre\nparams:\n  ${f.name}: ${f.limit}\ntimeout: ${f.timeout}\n---`);
const gentle = fc.tuple(fc.option(gentleFront), fc.array(fc.tuple(title, gentleBlock), { minLength: 1, maxLength: 3 }))
  .map(([fm, sections]) => [fm ?? '', '# Edges', ...sections.map(([t, b]) => `## ${t}\n\n${b}`)].join('\n\n'));

const runbook = fc.oneof(hostile, gentle);

function ms(duration: Duration | undefined): number {
  return duration === undefined ? 0 : durationMs(duration)!;
}

/** Every documented bound holds in a plan that compiled. */
function checkBounds(plan: Plan): void {
  expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
  expect(jsonSize(plan, MAX_PLAN_BYTES)).toBeLessThanOrEqual(MAX_PLAN_BYTES);
  if (plan.timeout !== undefined) expect(ms(plan.timeout)).toBeLessThanOrEqual(MAX_DURATION_MS);
  for (const param of plan.params) {
    expect(RESERVED_NAMES.has(param.name)).toBe(false);
    if (typeof param.default === 'number') expect(Number.isFinite(param.default)).toBe(true);
  }
  for (const step of plan.steps) {
    expect(RESERVED_NAMES.has(step.id)).toBe(false);
    if (step.kind === 'info') continue;
    expect(ms(step.timeout)).toBeLessThanOrEqual(MAX_DURATION_MS);
    if (step.approval) expect(ms(step.approval.timeout)).toBeLessThanOrEqual(MAX_DURATION_MS);
    if (step.kind !== 'action') continue;
    if (step.as !== undefined) expect(RESERVED_NAMES.has(step.as)).toBe(false);
    for (const key of Object.keys(step.with)) expect(RESERVED_NAMES.has(key)).toBe(false);
    if (step.retry) {
      expect(step.retry.maximumAttempts).toBeGreaterThanOrEqual(1);
      expect(step.retry.maximumAttempts).toBeLessThanOrEqual(MAX_ATTEMPTS);
      expect(step.retry.backoffCoefficient).toBeLessThanOrEqual(MAX_BACKOFF);
      expect(ms(step.retry.initialInterval)).toBeLessThanOrEqual(MAX_DURATION_MS);
      expect(ms(step.retry.maximumInterval)).toBeLessThanOrEqual(MAX_DURATION_MS);
    }
  }
}

describe('hostile runbooks', () => {
  it('never make the compiler throw, and what compiles keeps every bound', () => {
    fc.assert(fc.property(runbook, (source) => {
      const { plan, file } = compileRunbook(Buffer.from(source), { path: 'hostile.md' });
      expect(plan === undefined).toBe(file.messages.some((m) => m.fatal === true));
      for (const m of file.messages) expect(m.ruleId).toMatch(/^[a-z]+(-[a-z]+)*$/);
      if (plan) checkBounds(plan);
    }), { numRuns: 200 });
  });

  it('never crash a folder check (`runbook check`), in the compile worker', async () => {
    const pages = fc.sample(runbook, { numRuns: 25, seed: 20_260_101 });
    const dir = mkdtempSync(join(tmpdir(), 'swaybot-hostile-'));
    pages.forEach((page, i) => writeFileSync(join(dir, `page-${String(i).padStart(2, '0')}.md`), page));
    const results = await compilePaths([dir]);
    expect(results).toHaveLength(pages.length);
    const crashes = results.flatMap((r) => r.file.messages.filter((m) => m.ruleId === 'compile-failed' || m.ruleId === 'compile-timeout').map(String));
    expect(crashes).toEqual([]);
  });
});
