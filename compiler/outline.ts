/**
 * Splits a parsed runbook into its parts: front matter, title (the `#`
 * heading), description (text before the first `##`) and one section per
 * `##` heading. Deeper headings stay inside their section.
 */
import type { Heading, Root, RootContent, Yaml } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { Place } from './diagnostics.js';
import { fail, type CompileContext } from './context.js';

export interface Section {
  heading: Heading;
  title: string;
  place: Place;
  /** Everything after the heading up to the next `##` (or `#`) heading. */
  nodes: RootContent[];
}

export interface Outline {
  frontMatter?: Yaml;
  title?: string;
  /** Markdown between the title and the first step. */
  description: string;
  sections: Section[];
}

/** The start of a node as a place; generated nodes have no position, use 1:1. */
export function placeOf(node: { position?: { start: { line: number; column: number } } | undefined }): Place {
  return { line: node.position?.start.line ?? 1, column: node.position?.start.column ?? 1 };
}

/**
 * The source text of `nodes`, keeping runs of neighbouring nodes as one slice
 * (so blank lines and indentation survive) and joining runs with a blank line.
 * `keep` decides which nodes count; dropped ones split runs.
 */
export function sliceOf(source: string, nodes: readonly RootContent[], keep: (node: RootContent) => boolean = () => true): string {
  const runs: string[] = [];
  let start: number | undefined;
  let end = 0;
  const flush = (): void => {
    if (start !== undefined) runs.push(source.slice(start, end).trim());
    start = undefined;
  };
  for (const node of nodes) {
    const from = node.position?.start.offset;
    const to = node.position?.end.offset;
    if (!keep(node) || from === undefined || to === undefined) {
      flush();
      continue;
    }
    start ??= from;
    end = to;
  }
  flush();
  return runs.filter((run) => run !== '').join('\n\n');
}

/** Walks the top level of `tree` once; reports a second `#` title as a warning. */
export function outlineOf(ctx: CompileContext, tree: Root): Outline {
  const outline: Outline = { description: '', sections: [] };
  const before: RootContent[] = [];
  let current: Section | undefined;
  let titleNode: Heading | undefined;
  for (const node of tree.children) {
    if (node.type === 'yaml' && node === tree.children[0]) {
      outline.frontMatter = node;
      continue;
    }
    if (node.type === 'heading' && node.depth === 1 && outline.title === undefined && current === undefined) {
      outline.title = toString(node).trim();
      titleNode = node;
      // Kept in `before` so that it splits the description slice, never part of it.
      before.push(node);
      continue;
    }
    if (node.type === 'heading' && node.depth === 1) {
      fail(ctx, 'multiple-titles', 'Unexpected second `#` title, expected `##` headings for steps (kept as text)',
        placeOf(node), { severity: 'warning' });
    }
    if (node.type === 'heading' && node.depth === 2) {
      let title = toString(node).trim();
      if (title === '') {
        fail(ctx, 'empty-heading', 'Unexpected empty `##` heading, expected a step title', placeOf(node), { severity: 'warning' });
        title = 'Untitled step';
      }
      current = { heading: node, title, place: placeOf(node), nodes: [] };
      outline.sections.push(current);
      continue;
    }
    (current ? current.nodes : before).push(node);
  }
  outline.description = sliceOf(ctx.source, before, (node) => node !== titleNode);
  return outline;
}
