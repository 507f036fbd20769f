/**
 * One compile: markdown text → plan (when there is no error) and a vfile
 * holding every message. Never throws on what the author wrote.
 */
import { slug } from 'github-slugger';
import { VFile } from 'vfile';
import { Catalogue, defaultCatalogue } from '../actions/index.js';
import { PLAN_VERSION, type Plan, type Step } from '../plan/types.js';
import { fail, type CompileContext } from './context.js';
import { readFrontMatter } from './front-matter.js';
import { hashPlan } from './hash.js';
import { outlineOf } from './outline.js';
import { parseMarkdown } from './processor.js';
import { buildSteps } from './steps.js';

export interface CompileOptions {
  /** File path, used for messages, `plan.source` and the default id. */
  path?: string;
  /** Actions to check against; defaults to the built-in catalogue. */
  catalogue?: Catalogue;
}

export interface CompileResult {
  /** Undefined when any message is an error. */
  plan?: Plan;
  file: VFile;
}

// One shared default: building it per call would redo its setup for every file.
let sharedCatalogue: Catalogue | undefined;

function baseName(path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  const name = path.split(/[\\/]/).at(-1) ?? path;
  return name.replace(/\.(md|markdown)$/i, '') || undefined;
}

function sortMessages(ctx: CompileContext): void {
  ctx.file.messages.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

/**
 * Compiles one runbook. `plan` is undefined when there is any error;
 * warnings leave the plan in place.
 */
export function compileRunbook(source: string, options: CompileOptions = {}): CompileResult {
  if (typeof source !== 'string') throw new TypeError('Cannot compile a runbook without a `source` string');
  if (options.catalogue !== undefined && !(options.catalogue instanceof Catalogue)) {
    throw new TypeError('Cannot compile with a `catalogue` that is not a Catalogue');
  }
  // vfile refuses an empty path; treat it as "no path".
  const path = options.path === '' ? undefined : options.path;
  const file = new VFile(path === undefined ? { value: source } : { path, value: source });
  const ctx: CompileContext = { file, source, catalogue: options.catalogue ?? (sharedCatalogue ??= defaultCatalogue()) };
  const outline = outlineOf(ctx, parseMarkdown(source));
  const header = readFrontMatter(ctx, outline.frontMatter);
  const name = baseName(path);
  const title = header.title ?? (outline.title || undefined) ?? name ?? header.id ?? 'Untitled runbook';
  const id = header.id ?? (slug(name ?? '') || slug(title) || 'runbook');
  if (outline.sections.length === 0) {
    fail(ctx, 'empty-runbook', 'Unexpected runbook without steps, expected at least one `##` heading', { line: 1, column: 1 },
      { severity: 'warning' });
  }
  const steps = buildSteps(ctx, outline.sections, header.params, header.approvers);
  sortMessages(ctx);
  if (file.messages.some((message) => message.fatal === true)) return { file };
  const unhashed: Omit<Plan, 'hash'> = {
    version: PLAN_VERSION,
    id,
    title,
    source: path ?? '',
    description: header.description ?? outline.description,
    match: header.match,
    params: header.params,
    approvers: header.approvers,
    ...(header.timeout !== undefined ? { timeout: header.timeout } : {}),
    steps: steps.filter((step): step is Step => step !== undefined),
  };
  const { version, ...rest } = unhashed;
  return { plan: { version, hash: hashPlan(unhashed), ...rest }, file };
}
