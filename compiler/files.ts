/**
 * Compiling from disk: one file, or many paths with folders expanded to the
 * markdown files inside them (sorted, so output order is stable). Files are
 * read as bytes, so bad UTF-8 is reported, and never read past the size limit.
 */
import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
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
  const { maxBytes, inventory, allowHosts } = options;
  return {
    ...(maxBytes !== undefined ? { maxBytes } : {}),
    ...(inventory !== undefined ? { inventory } : {}),
    ...(allowHosts !== undefined ? { allowHosts } : {}),
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

/**
 * Every `.md` file under `dir`, recursively, in sorted order. `README.md`
 * files describe a folder rather than a runbook, so they are left out
 * (name one explicitly to compile it).
 */
export async function markdownFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const out: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await markdownFiles(path)));
    else if (entry.isFile() && /\.md$/i.test(entry.name) && entry.name.toLowerCase() !== 'readme.md') out.push(path);
  }
  return out;
}

/**
 * Compiles files and folders (folders expand to their `*.md` files,
 * recursively), one result per file in order; a path that does not exist
 * gives one result with an `unreadable-file` error. Each file has a time
 * budget (`timeBudgetMs`), so one pathological page never blocks a folder.
 */
export async function compilePaths(paths: readonly string[], options: CompilePathsOptions = {}): Promise<CompileResult[]> {
  const { timeBudgetMs = DEFAULT_TIME_BUDGET_MS, onProgress, ...compileOptions } = options;
  checkLimit('timeBudgetMs', timeBudgetMs);
  checkLimit('maxBytes', compileOptions.maxBytes);
  const files: string[] = [];
  for (const path of paths) {
    const isDir = await stat(path).then((s) => s.isDirectory(), () => false);
    files.push(...(isDir ? await markdownFiles(path) : [path]));
  }
  const budgeted = compileOptions.catalogue === undefined && Number.isFinite(timeBudgetMs) ? new BudgetedCompiler(timeBudgetMs) : undefined;
  const results: CompileResult[] = [];
  try {
    for (const path of files) {
      results.push(budgeted ? await budgeted.compile(path, wireOptions(compileOptions)) : await compileFile(path, compileOptions));
      onProgress?.({ done: results.length, total: files.length, path });
    }
  } finally {
    await budgeted?.close();
  }
  return results;
}
