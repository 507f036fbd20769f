/**
 * Splits a parsed runbook into its parts: front matter, title (the first `#`
 * heading), description (text before the first step) and one section per
 * step heading. Which headings are steps follows the page's own structure
 * (see `stepLevel`); deeper headings stay inside their section.
 */
import type { Heading, Root, RootContent, Yaml } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { Place } from './diagnostics.js';
import { fail, type CompileContext } from './context.js';
import { markdownOf } from './text.js';

export interface Section {
  /** Absent for the one implicit step of a page without step headings. */
  heading?: Heading;
  title: string;
  place: Place;
  /**
   * A heading above the step level (`## Pods` over `### KubePodCrashLooping`):
   * it groups the steps below it and only informs, unless it holds work.
   */
  group: boolean;
  /** Everything after the heading up to the next step or group heading. */
  nodes: RootContent[];
}

export interface Outline {
  frontMatter?: Yaml;
  /** The `#` heading's text. */
  title?: string;
  /** Markdown between the title and the first step. */
  description: string;
  /** The nodes of the description, for a page that has no step headings. */
  body: RootContent[];
  sections: Section[];
}

/** The start of a node as a place; generated nodes have no position, use 1:1. */
export function placeOf(node: { position?: { start: { line: number; column: number } } | undefined }): Place {
  return { line: node.position?.start.line ?? 1, column: node.position?.start.column ?? 1 };
}

/** The first `#` heading, when no deeper heading comes before it. */
function titleOf(tree: Root): Heading | undefined {
  for (const node of tree.children) {
    if (node.type === 'heading') return node.depth === 1 ? node : undefined;
  }
  return undefined;
}

/**
 * The heading level of steps: among the top-level headings below the title,
 * the highest level (fewest `#`) used at least twice, else the highest level
 * used. A page of `##` sections gets `##` steps; a page of `###` sections gets
 * `###` steps; a page with one `## Alerts` over many `### Alert` headings gets
 * one step per alert. `#` headings after the title are steps only when the page
 * has no deeper headings at all. Undefined when there are no other headings.
 */
export function stepLevel(tree: Root, title: Heading | undefined): number | undefined {
  const counts = new Map<number, number>();
  for (const node of tree.children) {
    if (node.type === 'heading' && node !== title) counts.set(node.depth, (counts.get(node.depth) ?? 0) + 1);
  }
  const levels = [...counts.keys()].filter((depth) => depth > 1).sort((a, b) => a - b);
  if (levels.length === 0) return counts.has(1) ? 1 : undefined;
  return levels.find((depth) => (counts.get(depth) ?? 0) >= 2) ?? levels[0];
}

/** Walks the top level of `tree` once; reports a second `#` title as a warning. */
export function outlineOf(ctx: CompileContext, tree: Root): Outline {
  const outline: Outline = { description: '', body: [], sections: [] };
  const titleNode = titleOf(tree);
  const level = stepLevel(tree, titleNode);
  const before: RootContent[] = [];
  let current: Section | undefined;
  for (const node of tree.children) {
    if (node.type === 'yaml' && node === tree.children[0]) {
      outline.frontMatter = node;
      continue;
    }
    if (node === titleNode) {
      outline.title = toString(node).trim();
      // Kept in `before` so that it splits the description slice, never part of it.
      before.push(node);
      continue;
    }
    if (node.type === 'heading' && level !== undefined && (node.depth === level || (node.depth > 1 && node.depth < level))) {
      let title = toString(node).trim();
      if (title === '') {
        fail(ctx, 'empty-heading', `Unexpected empty \`${'#'.repeat(node.depth)}\` heading, expected a step title`, placeOf(node), { severity: 'warning' });
        title = 'Untitled step';
      }
      current = { heading: node, title, place: placeOf(node), group: node.depth < level, nodes: [] };
      outline.sections.push(current);
      continue;
    }
    if (node.type === 'heading' && node.depth === 1) {
      fail(ctx, 'multiple-titles', 'Unexpected second `#` title, expected `##` headings for steps (kept as text)',
        placeOf(node), { severity: 'warning' });
    }
    (current ? current.nodes : before).push(node);
  }
  outline.body = before.filter((node) => node !== titleNode);
  outline.description = markdownOf(ctx.source, before, ctx.definitions, { keep: (node) => node !== titleNode });
  return outline;
}
