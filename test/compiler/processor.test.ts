/**
 * The compiler parses without GFM when a document has no task item,
 * strikethrough or footnote. This checks that shortcut on real runbooks: both
 * parsers must agree on everything the compiler reads.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Nodes, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { describe, expect, it } from 'vitest';
import { markdownFiles } from '../../compiler/files.js';
import { needsGfm, parseMarkdown } from '../../compiler/processor.js';
import { corpusFor } from '../support/shared-data.js';

const repo = join(import.meta.dirname, '..', '..');
const wiki = corpusFor('test/compiler/processor', 'runbooks-dev');

/** What the compiler reads: headings and their text, code blocks, task items, top-level kinds that split context. */
function structure(tree: Root): unknown[] {
  const out: unknown[] = [];
  const walk = (node: Nodes, depth: number): void => {
    const at = [node.position?.start.offset, node.position?.end.offset];
    if (node.type === 'heading') out.push(['heading', node.depth, toString(node), depth, ...at]);
    else if (node.type === 'code') out.push(['code', node.lang, node.value, depth, ...at]);
    else if (node.type === 'listItem' && typeof node.checked === 'boolean') out.push(['task', node.checked, toString(node)]);
    else if (node.type === 'yaml') out.push(['yaml', node.value]);
    if ('children' in node) for (const child of node.children) walk(child, depth + 1);
  };
  walk(tree, 0);
  return out;
}

describe('GFM only when needed', () => {
  it.runIf(wiki.dir !== undefined)('gives the same structure as a full GFM parse on every real runbook without GFM triggers', async () => {
    const fixtures = readdirSync(join(repo, 'test', 'fixtures', 'compiler')).map((c) => join(repo, 'test', 'fixtures', 'compiler', c, 'input.md'));
    const files = [
      ...(await markdownFiles(wiki.dir!)),
      ...(await markdownFiles(join(repo, 'runbooks'))),
      ...fixtures,
    ];
    let plain = 0;
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      if (needsGfm(source)) continue;
      plain++;
      expect(structure(parseMarkdown(source, { gfm: false })), file).toEqual(structure(parseMarkdown(source, { gfm: true })));
    }
    expect(plain).toBeGreaterThan(50);
  });

  it('uses GFM for task lists, strikethrough and footnotes', () => {
    expect(needsGfm('- [ ] tick')).toBe(true);
    expect(needsGfm('* [x] done')).toBe(true);
    expect(needsGfm('## ~~old~~ new')).toBe(true);
    expect(needsGfm('text[^1]\n\n[^1]: note')).toBe(true);
    expect(needsGfm('| a | b |\n|---|---|\n| www.example.com | 2 |')).toBe(false);
    const tree = parseMarkdown('## ~~old~~ new\n\n- [x] done\n');
    expect(structure(tree)).toEqual([['heading', 2, 'old new', 1, 0, 14], ['task', true, 'done']]);
  });
});
