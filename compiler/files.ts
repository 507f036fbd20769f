/**
 * Compiling from disk: one file, or many paths with folders expanded to the
 * markdown files inside them (sorted, so output order is stable). Files are
 * read as bytes, so bad UTF-8 is reported, and never read past the size limit.
 */
import { open, readdir, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import { VFile } from 'vfile';
import { BudgetedCompiler } from './budget.js';
import { compileRunbook, type CompileOptions, type CompileResult } from './compile.js';
import { report } from './diagnostics.js';
import { checkLimit, DEFAULT_MAX_BYTES, DEFAULT_TIME_BUDGET_MS, reportTooLarge } from './limits.js';
import type { WireOptions } from './wire.js';

export interface CompilePathsOptions extends Omit<CompileOptions, 'path'> {
  /**
   * Milliseconds one file may take to compile (default 10 s); a slower one
   * gets a `compile-timeout` error and the next file goes on. Files compile in
   * a worker thread for this; with a custom `catalogue` (which cannot cross
   * threads) or `Infinity` they compile in this thread, without a budget.
   */
  timeBudgetMs?: number;
  /** Called after each file, e.g. to show how far a check of a big folder got. */
  onProgress?: (progress: { done: number; total: number; path: string }) => void;
}

/** The options a compile worker gets: every one that is plain data (a catalogue never gets here, see below). */
function wireOptions(options: Omit<CompileOptions, 'path'>): WireOptions {
  const { maxBytes, inventory, allowHosts, groups } = options;
  return {
    ...(maxBytes !== undefined ? { maxBytes } : {}),
    ...(inventory !== undefined ? { inventory } : {}),
    ...(allowHosts !== undefined ? { allowHosts } : {}),
    ...(groups !== undefined ? { groups } : {}),
  };
}

/** A result for a file that cannot be read: one `unreadable-file` error, no plan. */
function unreadable(path: string, error: unknown): CompileResult {
  const file = new VFile({ path });
  const code = (error as { code?: unknown }).code;
  report(file, { ruleId: 'unreadable-file', reason: `Unexpected ${typeof code === 'string' ? code : 'error'} reading \`${path}\`, expected a readable markdown file`, place: { line: 1, column: 1 } });
  return { file };
}

/**
 * Reads and compiles one markdown file (`path` becomes the file's path in
 * messages and the plan) in this thread. A file that cannot be read, or is
 * bigger than `maxBytes` (it is then not read), gives an error message.
 */
export async function compileFile(path: string, options: Omit<CompileOptions, 'path'> = {}): Promise<CompileResult> {
  checkLimit('maxBytes', options.maxBytes);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  let bytes: Uint8Array;
  try {
    const handle = await open(path, 'r');
    try {
      const { size } = await handle.stat();
      if (size > maxBytes) {
        const file = new VFile({ path });
        reportTooLarge(file, size, maxBytes);
        return { file };
      }
      bytes = await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch (error) {
    return unreadable(path, error);
  }
  return compileRunbook(bytes, { ...options, path });
}

/** A markdown file found in a folder, or a link to one that is left out, with why. */
interface Found {
  path: string;
  skipped?: string;
}

const isRunbookName = (name: string): boolean => /\.md$/i.test(name) && name.toLowerCase() !== 'readme.md';

/** True when `real` is `root` or lies below it (both real paths). */
function isInside(root: string, real: string): boolean {
  const rel = relative(root, real);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * What a symbolic link in the folder stands for. A link to a markdown file
 * inside the folder is followed; one that leaves the folder, or leads
 * nowhere, is left out with a reason (a link to a folder outside too). A link
 * to a folder inside is not followed: the walk reaches that folder anyway,
 * and never loops.
 */
async function followLink(path: string, name: string, root: string): Promise<Found | undefined> {
  let real: string;
  try {
    real = await realpath(path);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return isRunbookName(name) ? { path, skipped: `Unexpected broken symbolic link (${typeof code === 'string' ? code : 'unreadable'}), expected a link to a markdown file; not checked` } : undefined;
  }
  const kind = await stat(real).then((s) => (s.isDirectory() ? 'folder' : s.isFile() ? 'file' : 'other'), () => 'other');
  if (!isInside(root, real)) {
    if (!isRunbookName(name) && kind !== 'folder') return undefined;
    return { path, skipped: `Unexpected symbolic link to \`${real}\` outside the folder being checked, expected a link that stays inside it; not checked (name that path to check it)` };
  }
  return kind === 'file' && isRunbookName(name) ? { path } : undefined;
}

async function scan(dir: string, root: string): Promise<Found[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const out: Found[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await scan(path, root)));
    else if (entry.isFile() && isRunbookName(entry.name)) out.push({ path });
    else if (entry.isSymbolicLink()) {
      const found = await followLink(path, entry.name, root);
      if (found) out.push(found);
    }
  }
  return out;
}

/** Every markdown file under `dir` and the links left out, in sorted order. */
async function scanFolder(dir: string): Promise<Found[]> {
  return scan(dir, await realpath(dir));
}

/**
 * Every `.md` file under `dir`, recursively, in sorted order, with symbolic
 * links to markdown files inside `dir` followed. `README.md` files describe
 * a folder rather than a runbook, so they are left out (name one explicitly
 * to compile it).
 */
export async function markdownFiles(dir: string): Promise<string[]> {
  return (await scanFolder(dir)).filter((found) => found.skipped === undefined).map((found) => found.path);
}

/** The result for a link left out of a folder: one `skipped-link` warning, no plan. */
function skippedLink(path: string, reason: string): CompileResult {
  const file = new VFile({ path });
  report(file, { ruleId: 'skipped-link', reason, place: { line: 1, column: 1 }, severity: 'warning' });
  return { file };
}

/**
 * Compiles files and folders (folders expand to their `*.md` files,
 * recursively), one result per file in order; a path that does not exist
 * gives one result with an `unreadable-file` error, and a symbolic link in a
 * folder that leaves it or leads nowhere one with a `skipped-link` warning
 * (and no plan). Each file has a time
 * budget (`timeBudgetMs`), so one pathological page never blocks a folder.
 */
export async function compilePaths(paths: readonly string[], options: CompilePathsOptions = {}): Promise<CompileResult[]> {
  const { timeBudgetMs = DEFAULT_TIME_BUDGET_MS, onProgress, ...compileOptions } = options;
  checkLimit('timeBudgetMs', timeBudgetMs);
  checkLimit('maxBytes', compileOptions.maxBytes);
  const files: Found[] = [];
  for (const path of paths) {
    const isDir = await stat(path).then((s) => s.isDirectory(), () => false);
    files.push(...(isDir ? await scanFolder(path) : [{ path }]));
  }
  const budgeted = compileOptions.catalogue === undefined && Number.isFinite(timeBudgetMs) ? new BudgetedCompiler(timeBudgetMs) : undefined;
  const results: CompileResult[] = [];
  try {
    for (const { path, skipped } of files) {
      if (skipped !== undefined) results.push(skippedLink(path, skipped));
      else results.push(budgeted ? await budgeted.compile(path, wireOptions(compileOptions)) : await compileFile(path, compileOptions));
      onProgress?.({ done: results.length, total: files.length, path });
    }
  } finally {
    await budgeted?.close();
  }
  return results;
}
