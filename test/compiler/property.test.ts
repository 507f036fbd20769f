/**
 * Property: whatever text arrives — random strings or markdown-ish documents
 * built from headings, fences with swaybot YAML fragments, task lists and
 * templates — the compiler never throws and always gives a plan or an error.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRunbook, planToMermaid } from '../../compiler/index.js';

function check(source: string): void {
  const { plan, file } = compileRunbook(source, { path: 'fuzz.md' });
  const hasError = file.messages.some((m) => m.fatal === true);
  expect(plan !== undefined || hasError).toBe(true);
  expect(plan === undefined).toBe(hasError);
  for (const m of file.messages) {
    expect(m.line).toBeGreaterThanOrEqual(1);
    expect(m.column).toBeGreaterThanOrEqual(1);
    expect(m.ruleId).toBeTruthy();
  }
  if (plan) {
    expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
    expect(planToMermaid(plan).startsWith('flowchart TD')).toBe(true);
  }
}

const word = fc.constantFrom('check', 'health', 'drain', 'x', '', 'ü', '`code`', '"q"', '<b>', '|', '#', '{{', '}}', '\\{{');
const template = fc.constantFrom(
  '{{ params.baseUrl }}', '{{ health.body.status }}', '{{ nope }}', '{{ params.x', '{{ }}', '{{ a == }}',
  "{{ health.ok ? 'a' : 'b' }}", '{{ len(params) }}', '{{ __proto__ }}', '{{ ((((( }}', '{{ "}}" }}',
);
const scalar = fc.oneof(word, template, fc.integer().map(String), fc.constantFrom('true', 'null', '~', '[]', '{}', '5s', 'forever', '|', '>-', '&a', '*a', '!!str'));
const key = fc.constantFrom('action', 'with', 'as', 'when', 'approval', 'retry', 'timeout', 'compensate', 'url', 'message', 'method',
  'groups', 'onTimeout', 'onReject', 'prompt', 'maximumAttempts', 'duration', 'wehn', 'params', 'approvers', 'id', 'title', 'match');
const yamlLine = fc.oneof(
  fc.tuple(fc.constantFrom('', '  ', '    ', '- ', '  - '), key, scalar).map(([indent, k, v]) => `${indent}${k}: ${v}`),
  fc.constantFrom('action: log', 'action: http.request', 'action: wait', 'with:', '  message: hi', '  url: "{{ params.baseUrl }}/x"',
    'approval: true', 'approval:', '  onTimeout: approve', 'retry: 3', 'as: health', 'when: health.ok', 'compensate:', '  action: log',
    '  with: { message: undo }', 'key: "unclosed', '\t tab', '? complex', '---'),
);
const block = fc.tuple(fc.constantFrom('swaybot', 'bash', 'SWAYBOT', ''), fc.array(yamlLine, { maxLength: 8 }), fc.boolean())
  .map(([lang, lines, closed]) => `\`\`\`${lang}\n${lines.join('\n')}\n${closed ? '```' : ''}`);
const frontMatter = fc.array(yamlLine, { maxLength: 6 }).map((lines) => `---\n${lines.join('\n')}\n---`);
const piece = fc.oneof(
  fc.tuple(fc.constantFrom('#', '##', '###', '####'), fc.array(word, { maxLength: 3 })).map(([h, ws]) => `${h} ${ws.join(' ')}`),
  block,
  fc.tuple(fc.constantFrom('- [ ]', '- [x]', '* [X]', '1. [ ]', '-'), fc.array(word, { maxLength: 3 })).map(([m, ws]) => `${m} ${ws.join(' ')}`),
  fc.array(fc.oneof(word, template), { maxLength: 5 }).map((ws) => ws.join(' ')),
  fc.constantFrom('', '> quote', '<!-- comment -->', '| a | b |\n|---|---|\n| 1 | 2 |', '    indented code', '***', 'Title\n==='),
);
const document = fc.tuple(fc.option(frontMatter), fc.array(piece, { maxLength: 14 }))
  .map(([fm, pieces]) => [fm ?? '', ...pieces].join('\n\n'));

describe('compiler never throws on user input', () => {
  it('arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme-composite', maxLength: 400 }), check), { numRuns: 300 });
  });

  it('arbitrary markdown-ish documents', () => {
    fc.assert(fc.property(document, check), { numRuns: 600 });
  });

  it('deterministic on arbitrary documents', () => {
    fc.assert(fc.property(document, (source) => {
      const a = compileRunbook(source);
      const b = compileRunbook(source);
      expect(JSON.stringify(a.plan)).toBe(JSON.stringify(b.plan));
      expect(a.file.messages.map(String)).toEqual(b.file.messages.map(String));
    }), { numRuns: 150 });
  });
});
