/**
 * The YAML front matter: runbook id, title, incident labels it matches,
 * typed params, default approvers and overall timeout. Keys that wiki
 * generators use (Hugo's `weight`, `aliases`, hugo-book's `bookCollapseSection`…)
 * are accepted and ignored; other unknown keys are warnings, wrong shapes errors.
 */
import type { Yaml } from 'mdast';
import type { Duration, ParamSpec, ParamType } from '../plan/types.js';
import { kindOf, show, suggest } from './diagnostics.js';
import { checkKeys, fail, isMapping, type CompileContext } from './context.js';
import { isReserved, RESERVED_LIST } from './names.js';
import { readDuration, readGroups } from './options.js';
import { placeOf } from './outline.js';
import { YamlSource } from './yaml-source.js';

export interface Header {
  id?: string;
  title?: string;
  description?: string;
  match: Record<string, string>;
  /** True when the front matter has a `match` key, even `match: {}` (which opts out of a derived one). */
  matchDeclared: boolean;
  params: ParamSpec[];
  approvers: string[];
  timeout?: Duration;
  /**
   * What the steps may rely on: the param names and approvers the front matter
   * declares. A part that could not be read (bad YAML, wrong shape) is
   * undefined: its error is already reported, and checks that depend on it
   * (`unknown-param`, `missing-approvers`) are skipped rather than repeated.
   */
  declared: Declared;
}

export interface Declared {
  params?: ReadonlySet<string>;
  approvers?: readonly string[];
}

const KEYS = ['id', 'title', 'description', 'match', 'params', 'approvers', 'timeout'] as const;
/** Keys of static-site and wiki front matter (Hugo, hugo-book) that mean nothing to a run: accepted silently. */
export const WIKI_KEYS: readonly string[] = [
  'aliases', 'categories', 'date', 'draft', 'keywords', 'lastmod', 'linkTitle', 'menu', 'slug', 'summary', 'tags', 'toc', 'weight',
  'bookCollapseSection', 'bookComments', 'bookFlatSection', 'bookHidden', 'bookSearchExclude', 'bookToc',
];
const PARAM_KEYS = ['type', 'default', 'description', 'required'] as const;
const PARAM_TYPES: readonly ParamType[] = ['string', 'number', 'boolean'];
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function readText(ctx: CompileContext, yaml: YamlSource, key: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  fail(ctx, 'bad-front-matter', `Unexpected ${kindOf(value)} for \`${key}\`, expected a non-empty string`, yaml.at([key]));
  return undefined;
}

function readMatch(ctx: CompileContext, yaml: YamlSource, value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (!isMapping(value)) {
    fail(ctx, 'bad-front-matter', `Unexpected ${kindOf(value)} for \`match\`, expected a mapping of labels`, yaml.at(['match']));
    return {};
  }
  const labels: [string, string][] = [];
  for (const key of Object.keys(value).sort()) {
    const label = value[key];
    if (typeof label === 'string' || typeof label === 'number' || typeof label === 'boolean') labels.push([key, String(label)]);
    else fail(ctx, 'bad-front-matter', `Unexpected ${kindOf(label)} for label \`${key}\`, expected a string`, yaml.at(['match', key]));
  }
  // Own properties only: assigning a `__proto__` label would set the prototype instead.
  return Object.fromEntries(labels);
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** One param: `name: default`, `name:` (required string) or `name: { type, default, description, required }`. */
function readParam(ctx: CompileContext, yaml: YamlSource, name: string, value: unknown): ParamSpec | undefined {
  const path = ['params', name];
  if (!IDENTIFIER.test(name)) {
    fail(ctx, 'bad-param', `Unexpected param name \`${name}\`, expected an identifier (letters, digits, \`_\`)`, yaml.at(path, true));
    return undefined;
  }
  if (isReserved(name)) {
    fail(ctx, 'bad-param', `Unexpected param name \`${name}\`, expected a name other than ${RESERVED_LIST}`, yaml.at(path, true));
    return undefined;
  }
  const spec: Record<string, unknown> = isMapping(value) ? value : value === null ? {} : { default: value };
  if (isMapping(value)) checkKeys(ctx, yaml, path, value, PARAM_KEYS, `param \`${name}\``);
  const fallback = spec['default'];
  if (fallback !== undefined && fallback !== null && !isScalar(fallback)) {
    fail(ctx, 'bad-param', `Unexpected ${kindOf(fallback)} as default of \`${name}\`, expected a string, number or boolean`,
      yaml.at(isMapping(value) ? [...path, 'default'] : path));
    return undefined;
  }
  // YAML's `.inf`, `.nan` and `1e999` would reach a run as `null`.
  if (typeof fallback === 'number' && !Number.isFinite(fallback)) {
    fail(ctx, 'bad-param', `Unexpected ${show(fallback)} as default of \`${name}\`, expected a finite number`,
      yaml.at(isMapping(value) ? [...path, 'default'] : path));
    return undefined;
  }
  const declared = spec['type'];
  if (declared !== undefined && !PARAM_TYPES.includes(declared as ParamType)) {
    fail(ctx, 'bad-param', `Unexpected type ${show(declared)} for \`${name}\`, expected \`string\`, \`number\` or \`boolean\``,
      yaml.at([...path, 'type']), { expected: typeof declared === 'string' ? suggest(declared, PARAM_TYPES) : [] });
    return undefined;
  }
  const hasDefault = fallback !== undefined && fallback !== null;
  const type = (declared as ParamType | undefined) ?? (hasDefault ? (typeof fallback as ParamType) : 'string');
  if (hasDefault && typeof fallback !== type) {
    fail(ctx, 'bad-param', `Unexpected default ${show(fallback)} for \`${name}\`, expected a ${type}`, yaml.at([...path, 'default']));
    return undefined;
  }
  const required = spec['required'];
  if (required !== undefined && typeof required !== 'boolean') {
    fail(ctx, 'bad-param', `Unexpected ${kindOf(required)} for \`required\`, expected \`true\` or \`false\``, yaml.at([...path, 'required']));
    return undefined;
  }
  if (required === true && hasDefault) {
    fail(ctx, 'bad-param', `Unexpected \`default\` on required param \`${name}\`, expected one or the other`, yaml.at([...path, 'required'], true));
    return undefined;
  }
  const description = spec['description'];
  if (description !== undefined && typeof description !== 'string') {
    fail(ctx, 'bad-param', `Unexpected ${kindOf(description)} for \`description\`, expected a string`, yaml.at([...path, 'description']));
    return undefined;
  }
  return {
    name,
    type,
    ...(description !== undefined ? { description } : {}),
    ...(hasDefault ? { default: fallback as string | number | boolean } : {}),
    // `required: false` without a default is an optional param that reads as null.
    required: required === false ? false : !hasDefault,
  };
}

/** The params for the plan, and the names declared (bad ones too: their error is reported once, not at every use). */
function readParams(ctx: CompileContext, yaml: YamlSource, value: unknown): { params: ParamSpec[]; names?: ReadonlySet<string> } {
  if (value === undefined || value === null) return { params: [], names: new Set() };
  if (!isMapping(value)) {
    fail(ctx, 'bad-front-matter', `Unexpected ${kindOf(value)} for \`params\`, expected a mapping of param names`, yaml.at(['params']));
    return { params: [] };
  }
  const params = Object.entries(value).flatMap(([name, spec]) => readParam(ctx, yaml, name, spec) ?? []);
  return { params, names: new Set(Object.keys(value)) };
}

/** Reads the front matter node (if any) into the plan's header fields. */
export function readFrontMatter(ctx: CompileContext, node: Yaml | undefined): Header {
  const header: Header = { match: {}, matchDeclared: false, params: [], approvers: [], declared: { params: new Set(), approvers: [] } };
  if (!node) return header;
  const start = placeOf(node);
  const yaml = new YamlSource(node.value, { line: start.line + 1, column: 1 });
  for (const error of yaml.errors) fail(ctx, error.ruleId ?? 'bad-yaml', error.ruleId ? error.message : `Unexpected YAML in front matter: ${error.message}`, error.place);
  const value = yaml.value;
  if (yaml.errors.length > 0) return { ...header, declared: {} };
  if (value === null || value === undefined) return header;
  if (!isMapping(value)) {
    fail(ctx, 'bad-front-matter', `Unexpected ${kindOf(value)} as front matter, expected a mapping`, start);
    return { ...header, declared: {} };
  }
  const own = Object.fromEntries(Object.entries(value).filter(([key]) => !WIKI_KEYS.includes(key)));
  checkKeys(ctx, yaml, [], own, KEYS, 'front matter', 'warning');
  const id = readText(ctx, yaml, 'id', value['id']);
  if (id !== undefined && !ID.test(id)) {
    fail(ctx, 'bad-front-matter', `Unexpected id ${show(id)}, expected letters, digits, \`.\`, \`_\` or \`-\``, yaml.at(['id']));
  } else if (id !== undefined) header.id = id;
  const title = readText(ctx, yaml, 'title', value['title']);
  if (title !== undefined) header.title = title;
  const description = readText(ctx, yaml, 'description', value['description']);
  if (description !== undefined) header.description = description;
  header.match = readMatch(ctx, yaml, value['match']);
  header.matchDeclared = value['match'] !== undefined;
  const params = readParams(ctx, yaml, value['params']);
  header.params = params.params;
  const approvers = value['approvers'] === undefined ? [] : readGroups(ctx, yaml, ['approvers'], value['approvers'], 'bad-front-matter');
  header.approvers = approvers ?? [];
  header.declared = { ...(params.names ? { params: params.names } : {}), ...(approvers ? { approvers } : {}) };
  if (value['timeout'] !== undefined) {
    const timeout = readDuration(ctx, yaml, ['timeout'], value['timeout']);
    if (timeout !== undefined) header.timeout = timeout;
  }
  return header;
}
