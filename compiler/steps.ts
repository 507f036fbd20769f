/**
 * Sections → steps. A section with a `swaybot` block and an `action` is an
 * action step; a section that only informs (see info.ts, and group headings)
 * is an info step; otherwise it is a manual step whose checklist is its GFM
 * task list (or a single "Done"). Two passes: the first parses every block and
 * learns the `as` names, so the second can say "only set later" precisely.
 */
import GithubSlugger, { slug } from 'github-slugger';
import type { Code, ListItem, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';
import type { ActionStep, InfoStep, ManualStep, Step } from '../plan/types.js';
import { kindOf, type Place } from './diagnostics.js';
import { readBlock, readOutputName } from './block.js';
import { fail, isMapping, type CompileContext } from './context.js';
import type { Declared } from './front-matter.js';
import { isInfoTitle } from './info.js';
import { isReserved } from './names.js';
import { placeOf, type Section } from './outline.js';
import type { Scope } from './templates.js';
import { markdownOf } from './text.js';
import { YamlSource } from './yaml-source.js';

interface Prepared {
  section: Section;
  id: string;
  blocks: Code[];
  checklist: ManualStep['checklist'];
  checklistPlace?: Place;
  commands: Step['commands'];
  yaml?: YamlSource;
  block?: Record<string, unknown>;
  output?: string;
  /** True when the block's YAML did not parse: its `as` name is then a guess, used only to silence echoes. */
  broken?: boolean;
}

/** An `as:` line at the top of a block, read without YAML, for a block whose YAML is broken. */
const AS_LINE = /^as[^\S\n]*:[^\S\n]*['"]?([A-Za-z_][A-Za-z0-9_]*)/m;

const isSwaybot = (node: Code): boolean => node.lang?.toLowerCase() === 'swaybot';
const isTaskList = (node: RootContent): boolean =>
  node.type === 'list' && node.children.some((item) => typeof item.checked === 'boolean');

/** Columns of a list item's marker and the spaces after it, which its continuation lines are indented by. */
function contentIndent(source: string, item: ListItem): number {
  const offset = item.position?.start.offset ?? 0;
  const marker = /^([*+-]|\d{1,9}[.)])( *)/.exec(source.slice(offset, offset + 16));
  if (!marker) return 0;
  const spaces = marker[2]!.length;
  return placeOf(item).column - 1 + marker[1]!.length + (spaces >= 1 && spaces <= 4 ? spaces : 1);
}

/**
 * A task item as people read it: its markdown (links, inline code) and nested
 * content, without nested task lists, whose items are checklist items of their own.
 */
function itemText(ctx: CompileContext, item: ListItem): string {
  const text = markdownOf(ctx.source, item.children, ctx.definitions, { keep: (node) => !isTaskList(node), indent: contentIndent(ctx.source, item) });
  // GFM moves the paragraph's start past the checkbox only when plain text follows it (not after `code`).
  return text.replace(/^\[[ xX]\][ \t]+/, '');
}

/**
 * A checklist item's id: the slug of its plain text without the dashes that
 * trailing punctuation leaves (`under 1 %` → `under-1`, not `under-1-`), so
 * that `tick` commands read cleanly. Slugging a slug changes nothing, so ids
 * that had no trailing dash stay as they were, duplicates included.
 */
function itemId(slugger: GithubSlugger, plain: string): string {
  return unreserved(slugger, slugger.slug(slug(plain).replace(/^-+|-+$/g, '') || 'item'), 'item');
}

/** A step or item id that is a reserved name (`## Constructor`) gets `-step` or `-item` appended: a run keys objects by these ids. */
function unreserved(slugger: GithubSlugger, id: string, kind: 'step' | 'item'): string {
  return isReserved(id) ? slugger.slug(`${id}-${kind}`) : id;
}

function prepare(ctx: CompileContext, section: Section, slugger: GithubSlugger): Prepared {
  const id = unreserved(slugger, slugger.slug(section.title) || slugger.slug('step'), 'step');
  const prepared: Prepared = { section, id, blocks: [], checklist: [], commands: [] };
  const itemSlugger = new GithubSlugger();
  const root = { type: 'root' as const, children: section.nodes };
  visit(root, (node) => {
    if (node.type === 'code') {
      if (isSwaybot(node)) prepared.blocks.push(node);
      else prepared.commands.push({ lang: node.lang ?? '', code: node.value });
    } else if (node.type === 'listItem' && typeof (node as ListItem).checked === 'boolean') {
      const item = node as ListItem;
      const first = item.children[0];
      // The id is the slug of the plain text, as before, so ids in `tick` commands stay stable.
      const plain = (first && first.type === 'paragraph' ? toString(first) : toString(item)).trim();
      prepared.checklistPlace ??= placeOf(item);
      prepared.checklist.push({ id: itemId(itemSlugger, plain), text: itemText(ctx, item) || plain, checked: item.checked === true });
    }
  });
  for (const extra of prepared.blocks.slice(1)) {
    fail(ctx, 'duplicate-block', 'Unexpected second `swaybot` block in a step, expected at most one per `##` section', placeOf(extra));
  }
  const code = prepared.blocks[0];
  if (!code) return prepared;
  const start = placeOf(code);
  const yaml = new YamlSource(code.value, { line: start.line + 1, column: start.column });
  prepared.yaml = yaml;
  for (const error of yaml.errors) fail(ctx, error.ruleId ?? 'bad-yaml', error.ruleId ? error.message : `Unexpected YAML in \`swaybot\` block: ${error.message}`, error.place);
  if (yaml.errors.length > 0) {
    // Later steps that read this block's output would each get an `unknown-variable` echo of the one YAML error.
    const output = AS_LINE.exec(code.value)?.[1];
    return { ...prepared, broken: true, ...(output !== undefined ? { output } : {}) };
  }
  if (yaml.value === null || yaml.value === undefined) {
    fail(ctx, 'bad-block', 'Unexpected empty `swaybot` block, expected a mapping with `action`', start);
    return prepared;
  }
  if (!isMapping(yaml.value)) {
    fail(ctx, 'bad-block', `Unexpected ${kindOf(yaml.value)} in \`swaybot\` block, expected a mapping with \`action\``, start);
    return prepared;
  }
  prepared.block = yaml.value;
  if (yaml.value['as'] !== undefined && yaml.value['action'] !== undefined) {
    const output = readOutputName(ctx, yaml, yaml.value['as']);
    if (output !== undefined) prepared.output = output;
  }
  return prepared;
}

function build(ctx: CompileContext, prepared: Prepared, scope: Scope, approvers: readonly string[] | undefined): Step | undefined {
  const { section, yaml, block } = prepared;
  // Everything as written, commands and task lists in place; only the machine part is left out.
  const context = markdownOf(ctx.source, section.nodes, ctx.definitions, { keep: (node) => !(node.type === 'code' && isSwaybot(node)) });
  const base = { id: prepared.id, title: section.title, source: section.place, context, commands: prepared.commands };
  if (prepared.blocks.length > 0 && (!yaml || !block)) return undefined;
  const ownScope: Scope = prepared.output
    ? { ...scope, outputs: new Set([...scope.outputs, prepared.output]) }
    : scope;
  const fields = yaml && block ? readBlock(ctx, yaml, block, scope, ownScope, approvers) : {};
  const common = {
    ...(fields.when !== undefined ? { when: fields.when } : {}),
    ...(fields.approval ? { approval: fields.approval } : {}),
  };
  if (block && block['action'] !== undefined) {
    if (prepared.checklist.length > 0) {
      fail(ctx, 'mixed-step', 'Unexpected task list in a step with an `action`, expected either an action or a checklist (split the step in two)',
        prepared.checklistPlace ?? section.place);
      return undefined;
    }
    if (!fields.call) return undefined;
    const step: ActionStep = {
      ...base, kind: 'action', ...fields.call,
      ...(prepared.output !== undefined ? { as: prepared.output } : {}),
      ...common,
      ...(fields.retry ? { retry: fields.retry } : {}),
      ...(fields.timeout !== undefined ? { timeout: fields.timeout } : {}),
      ...(fields.compensate ? { compensate: fields.compensate } : {}),
      ...(fields.unattended !== undefined ? { unattended: fields.unattended } : {}),
    };
    return step;
  }
  if (!block && prepared.checklist.length === 0 && prepared.commands.length === 0 && (section.group || isInfoTitle(section.title))) {
    const step: InfoStep = { ...base, kind: 'info' };
    return step;
  }
  const checklist = prepared.checklist.length > 0 ? prepared.checklist : [{ id: 'done', text: 'Done', checked: false }];
  const step: ManualStep = {
    ...base, kind: 'manual', checklist, ...common,
    ...(fields.timeout !== undefined ? { timeout: fields.timeout } : {}),
  };
  return step;
}

/**
 * Builds every step in document order. Returns undefined entries for steps
 * that could not be built (their problems are already reported). `declared`
 * is what the front matter declares; a part it could not read turns off the
 * checks that depend on it.
 */
export function buildSteps(ctx: CompileContext, sections: readonly Section[], declared: Declared): (Step | undefined)[] {
  const slugger = new GithubSlugger();
  const prepared = sections.map((section) => prepare(ctx, section, slugger));
  const producers = new Map<string, string>();
  for (const step of prepared) {
    if (step.output === undefined) continue;
    if (producers.has(step.output) && !step.broken) {
      fail(ctx, 'duplicate-output', `Unexpected second \`as: ${step.output}\`, expected a unique name (first set by step \`${producers.get(step.output)}\`)`,
        step.yaml?.at(['as']) ?? step.section.place);
    } else if (!producers.has(step.output)) producers.set(step.output, step.id);
  }
  const outputs = new Set<string>();
  return prepared.map((step) => {
    const later = new Map([...producers].filter(([name]) => !outputs.has(name)));
    const scope: Scope = {
      outputs, later, ...(declared.params ? { params: declared.params } : {}), ...(step.output !== undefined ? { own: step.output } : {}),
    };
    const built = build(ctx, step, scope, declared.approvers);
    if (step.output !== undefined) outputs.add(step.output);
    return built;
  });
}
