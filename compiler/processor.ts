/**
 * The markdown parser, built and frozen once: building a unified processor
 * per compile costs more than many small runbooks take to parse.
 *
 * GFM is only loaded for documents that can need it. What the compiler reads
 * from the tree is block structure (headings, code, lists, positions), heading
 * and task-item text; of GFM's syntax only task items (`[ ]`, `[x]`),
 * strikethrough (`~`) and footnotes (`[^`) can change that, while tables and
 * autolinks cannot (context is a source slice). Parsing GFM costs about half
 * of the parse time, and most wiki runbooks use none of those three.
 * test/compiler/processor.test.ts checks both parsers agree on real runbooks.
 */
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { Root } from 'mdast';

const commonmark = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).freeze();
const gfm = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).freeze();

/** Characters without which GFM parses the way CommonMark does, for what the compiler reads. */
const GFM_TRIGGER = /~|\[\^|\[[ xX]\]/;

/** True when `source` may hold GFM syntax that the compiler cares about. */
export function needsGfm(source: string): boolean {
  return GFM_TRIGGER.test(source);
}

/** Parses markdown with YAML front matter and, where it matters, GFM (task lists). */
export function parseMarkdown(source: string, options: { gfm?: boolean } = {}): Root {
  return (options.gfm ?? needsGfm(source) ? gfm : commonmark).parse(source);
}
