/**
 * One compile: markdown text or bytes → plan (when there is no error) and a
 * vfile holding every message. Never throws on what the author wrote.
 */
import { slug } from 'github-slugger';
import { VFile } from 'vfile';
import { Catalogue, defaultCatalogue } from '../actions/index.js';
import { jsonSize } from '../expr/index.js';
import { PLAN_VERSION, type Plan, type Step } from '../plan/types.js';
import { alertNameOf } from './alert.js';
import { fail, type CompileContext, type Environment } from './context.js';
import { decodeRunbook } from './decode.js';
import { report } from './diagnostics.js';
import { readFrontMatter } from './front-matter.js';
import { hashPlan } from './hash.js';
import { checkLimit, DEFAULT_MAX_BYTES, MAX_PLAN_BYTES, reportPlanTooLarge, reportTooLarge } from './limits.js';
import { outlineOf, placeOf, type Outline, type Section } from './outline.js';
import { parseMarkdown } from './processor.js';
import { buildSteps } from './steps.js';
import { definitionsOf } from './text.js';

export interface CompileOptions {
  /** File path, used for messages, `plan.source` and the default id. */
  path?: string;
  /** Actions to check against; defaults to the built-in catalogue. */
  catalogue?: Catalogue;
  /** Largest runbook compiled, in bytes (default 512 KiB); a bigger one gets one `too-large` error and is not parsed. */
  maxBytes?: number;
  /**
   * Host names of the hardware inventory, to check literal `host:` values
   * (did-you-mean for typos); or `{ unavailable: why }` for one warning
   * instead. Left out, hosts are not checked.
   */
  inventory?: Environment['inventory'];
  /** `http.allowHosts`, to check the host of literal `url:` values. Left out, URLs are not checked. */
  allowHosts?: Environment['allowHosts'];
  /** Approver group names (`groups` of the configuration), to check approvals' groups. Left out, they are not checked. */
  groups?: Environment['groups'];
}

export interface CompileResult {
  /** Undefined when any message is an error, and for a link that `compilePaths` left out (`skipped-link`). */
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

/** The text of `source`, reporting bytes that are not UTF-8 as errors at their place. */
function textOf(file: VFile, source: string | Uint8Array): string {
  if (typeof source === 'string') return source;
  const { text, bad, more } = decodeRunbook(source);
  bad.forEach(({ place, byte }, index) => {
    const rest = index === bad.length - 1 && more > 0 ? ` (and ${more} more in this file)` : '';
    const hex = `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    report(file, { ruleId: 'bad-encoding', reason: `Unexpected byte \`${hex}\`, expected UTF-8 text (save the page as UTF-8)${rest}`, place });
  });
  return text;
}

/** Programmer misuse of `inventory` and `allowHosts` throws at once, like a bad catalogue. */
function checkEnvironmentOptions({ inventory, allowHosts, groups }: CompileOptions): void {
  const strings = (value: unknown): boolean => Array.isArray(value) && value.every((item) => typeof item === 'string');
  if (inventory !== undefined && !strings(inventory) && typeof (inventory as { unavailable?: unknown } | null)?.unavailable !== 'string') {
    throw new TypeError('Cannot compile with an `inventory` that is neither host names nor `{ unavailable: string }`');
  }
  if (allowHosts !== undefined && !strings(allowHosts)) throw new TypeError('Cannot compile with `allowHosts` that are not strings');
  if (groups !== undefined && !strings(groups)) throw new TypeError('Cannot compile with `groups` that are not strings');
}

/** A page without step headings is one step: its whole body, named after the runbook. */
function implicitSection(outline: Outline, title: string): Section | undefined {
  const first = outline.body[0];
  if (!first || outline.description === '') return undefined;
  return { title, place: placeOf(first), group: false, nodes: outline.body };
}

/**
 * Compiles one runbook from its text, or from its bytes (UTF-8; other bytes
 * are `bad-encoding` errors). `plan` is undefined when there is any error;
 * warnings leave the plan in place.
 */
export function compileRunbook(source: string | Uint8Array, options: CompileOptions = {}): CompileResult {
  if (typeof source !== 'string' && !(source instanceof Uint8Array)) {
    throw new TypeError('Cannot compile a runbook without a `source` string or bytes');
  }
  if (options.catalogue !== undefined && !(options.catalogue instanceof Catalogue)) {
    throw new TypeError('Cannot compile with a `catalogue` that is not a Catalogue');
  }
  checkLimit('maxBytes', options.maxBytes);
  checkEnvironmentOptions(options);
  // vfile refuses an empty path; treat it as "no path".
  const path = options.path === '' ? undefined : options.path;
  const file = new VFile(path === undefined ? { value: source } : { path, value: source });
  const bytes = typeof source === 'string' ? Buffer.byteLength(source) : source.byteLength;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (bytes > maxBytes) {
    reportTooLarge(file, bytes, maxBytes);
    return { file };
  }
  const text = textOf(file, source);
  const tree = parseMarkdown(text);
  const ctx: CompileContext = {
    file, source: text, definitions: definitionsOf(tree), catalogue: options.catalogue ?? (sharedCatalogue ??= defaultCatalogue()),
    environment: {
      ...(options.inventory !== undefined ? { inventory: options.inventory } : {}),
      ...(options.allowHosts !== undefined ? { allowHosts: options.allowHosts } : {}),
      ...(options.groups !== undefined ? { groups: options.groups } : {}),
    },
    warned: { inventory: false },
  };
  const outline = outlineOf(ctx, tree);
  const header = readFrontMatter(ctx, outline.frontMatter);
  const name = baseName(path);
  const alert = header.matchDeclared ? undefined : alertNameOf([outline.title, header.title, name]);
  const title = titleOf(header.title, outline.title, alert) ?? name ?? header.id ?? 'Untitled runbook';
  const id = header.id ?? (slug(name ?? '') || slug(title) || 'runbook');
  const implicit = outline.sections.length === 0 ? implicitSection(outline, title) : undefined;
  const sections = implicit ? [implicit] : outline.sections;
  if (sections.length === 0) {
    fail(ctx, 'empty-runbook', 'Unexpected runbook without steps, expected a heading per step or some text under the title',
      { line: 1, column: 1 }, { severity: 'warning' });
  }
  const steps = buildSteps(ctx, sections, header.declared);
  sortMessages(ctx);
  if (file.messages.some((message) => message.fatal === true)) return { file };
  const unhashed: Omit<Plan, 'hash'> = {
    version: PLAN_VERSION,
    id,
    title,
    source: path ?? '',
    // The implicit step holds the body, so it is not repeated as the description.
    description: header.description ?? (implicit ? '' : outline.description),
    match: alert !== undefined ? { alertname: alert } : header.match,
    params: header.params,
    approvers: header.approvers,
    ...(header.timeout !== undefined ? { timeout: header.timeout } : {}),
    steps: steps.filter((step): step is Step => step !== undefined),
  };
  // Counted before hashing, which would otherwise serialise every alias copy.
  if (jsonSize(unhashed, MAX_PLAN_BYTES) > MAX_PLAN_BYTES) {
    reportPlanTooLarge(file);
    sortMessages(ctx);
    return { file };
  }
  const { version, ...rest } = unhashed;
  return { plan: { version, hash: hashPlan(unhashed), ...rest }, file };
}

/**
 * The front matter title wins over the `#` heading; when the heading is the
 * alert name and the title does not say it (Hugo's `title: Kube Pod Crash
 * Looping`), the name is added so that people still see which alert this is.
 */
function titleOf(front: string | undefined, heading: string | undefined, alert: string | undefined): string | undefined {
  if (front === undefined) return heading || undefined;
  if (alert !== undefined && heading === alert && !front.includes(alert)) return `${front} (${alert})`;
  return front;
}
