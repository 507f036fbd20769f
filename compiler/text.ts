/**
 * The markdown people read in a plan (description, step context, checklist
 * items): source slices as written, so nothing is re-rendered or lost, with
 * reference links (`[text][ref]`) rewritten inline because their definition
 * often sits in another section, usually at the bottom of the page.
 */
import type { Definition, ImageReference, LinkReference, Nodes, Root, RootContent } from 'mdast';
import { visit } from 'unist-util-visit';

export type Definitions = ReadonlyMap<string, Definition>;

type Reference = LinkReference | ImageReference;

/** Every link definition in the tree by identifier; the first wins, as in CommonMark. */
export function definitionsOf(tree: Root): Map<string, Definition> {
  const definitions = new Map<string, Definition>();
  visit(tree, 'definition', (node) => {
    if (!definitions.has(node.identifier)) definitions.set(node.identifier, node);
  });
  return definitions;
}

const start = (node: Nodes): number => node.position?.start.offset ?? 0;
const end = (node: Nodes): number => node.position?.end.offset ?? 0;

/** `(url "title")`, with `<…>` around a destination that has spaces or parentheses. */
function destination(definition: Definition): string {
  const url = definition.url === '' || /[\s()<>]/.test(definition.url) ? `<${definition.url.replace(/[<>]/g, encodeURIComponent)}>` : definition.url;
  const title = definition.title ? ` "${definition.title.replaceAll('"', '\\"')}"` : '';
  return `(${url}${title})`;
}

/** The source between `from` and `to` with the references inside it (outermost first) written inline. */
function withReferences(source: string, from: number, to: number, refs: readonly Reference[], definitions: Definitions): string {
  let out = '';
  let at = from;
  for (const ref of refs) {
    if (start(ref) < at || end(ref) > to) continue;
    const definition = definitions.get(ref.identifier);
    if (!definition) continue;
    out += source.slice(at, start(ref));
    if (ref.type === 'imageReference') {
      out += `![${(ref.alt ?? '').replace(/[[\]]/g, '\\$&')}]${destination(definition)}`;
    } else {
      const first = ref.children[0];
      const last = ref.children.at(-1);
      const inner = refs.filter((r) => r !== ref && start(r) >= start(ref) && end(r) <= end(ref));
      const label = first && last ? withReferences(source, start(first), end(last), inner, definitions) : '';
      out += `[${label}]${destination(definition)}`;
    }
    at = end(ref);
  }
  return out + source.slice(at, to);
}

/** Removes up to `indent` leading spaces from every line after the first (the first starts where the node does). */
function dedent(text: string, indent: number): string {
  if (indent === 0) return text;
  return text.split('\n').map((line, i) => (i === 0 ? line : line.slice(Math.min(indent, /^ */.exec(line)![0].length)))).join('\n');
}

export interface MarkdownOptions {
  /** Which nodes count; dropped ones split runs. Default: all. */
  keep?: (node: RootContent) => boolean;
  /** Indentation of nested content (a list item's), removed from continuation lines. */
  indent?: number;
}

/**
 * The markdown of `nodes` as written, keeping runs of neighbouring nodes as
 * one slice (so blank lines and indentation survive) and joining runs with a
 * blank line. Reference links whose definition is anywhere on the page
 * become inline links.
 */
export function markdownOf(source: string, nodes: readonly RootContent[], definitions: Definitions, options: MarkdownOptions = {}): string {
  const { keep = () => true, indent = 0 } = options;
  const runs: string[] = [];
  let run: RootContent[] = [];
  const flush = (): void => {
    const first = run[0];
    const last = run.at(-1);
    if (first && last) {
      const refs: Reference[] = [];
      if (definitions.size > 0) {
        for (const node of run) {
          visit(node, (child) => {
            if (child.type === 'linkReference' || child.type === 'imageReference') refs.push(child);
          });
        }
      }
      runs.push(dedent(withReferences(source, start(first), end(last), refs, definitions), indent).trim());
    }
    run = [];
  };
  for (const node of nodes) {
    if (!keep(node) || node.position?.start.offset === undefined || node.position.end.offset === undefined) {
      flush();
      continue;
    }
    run.push(node);
  }
  flush();
  return runs.filter((text) => text !== '').join('\n\n');
}
