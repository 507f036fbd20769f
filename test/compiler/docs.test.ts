/**
 * docs/runbooks.md stays true: its catalogue table is what catalogue-doc
 * prints, and its complete examples compile without errors or warnings.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogueMarkdown } from '../../compiler/catalogue-doc.js';
import { compileRunbook } from '../../compiler/index.js';

const doc = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'runbooks.md'), 'utf8');

describe('docs/runbooks.md', () => {
  it('holds the generated action catalogue table', () => {
    expect(doc).toContain(catalogueMarkdown());
  });

  it('has three complete examples that compile cleanly', () => {
    const examples = doc.split('\n### ').slice(1).map((part) => /````markdown\n([\s\S]*?)\n````/.exec(part)?.[1]).filter((x) => x !== undefined);
    expect(examples).toHaveLength(3);
    for (const example of examples) {
      const { plan, file } = compileRunbook(example);
      expect(file.messages.map(String)).toEqual([]);
      expect(plan?.steps.length).toBeGreaterThanOrEqual(3);
    }
  });

  it('documents every rule id the fixtures produce', () => {
    const fixtures = join(import.meta.dirname, '..', 'fixtures', 'compiler');
    const rules = new Set<string>();
    for (const name of ['action-typo', 'approval-errors', 'bad-front-matter', 'bad-param', 'bad-template', 'bad-yaml', 'compensate',
      'duplicate-headings', 'empty-file', 'multiple-titles', 'bad-encoding', 'alert-page', 'outputs-errors', 'retry-forms', 'step-shape', 'unknown-param', 'unknown-variable', 'unquoted-template', 'input-bounds']) {
      for (const line of readFileSync(join(fixtures, name, 'messages.txt'), 'utf8').split('\n').filter(Boolean)) rules.add(line.split(' ')[2]!);
    }
    for (const rule of rules) expect(doc).toContain(`| \`${rule}\``);
  });
});
