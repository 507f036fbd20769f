/**
 * The markdown parser, built and frozen once: building a unified processor
 * per compile costs more than many small runbooks take to parse.
 */
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { Root } from 'mdast';

const processor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).freeze();

/** Parses markdown with YAML front matter and GFM (task lists, tables). */
export function parseMarkdown(source: string): Root {
  return processor.parse(source);
}
