/**
 * Compiling from disk: one file, or many paths with folders expanded to the
 * markdown files inside them (sorted, so output order is stable).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { VFile } from 'vfile';
import { compileRunbook, type CompileOptions, type CompileResult } from './compile.js';
import { report } from './diagnostics.js';

/** A result for a file that cannot be read: one `unreadable-file` error, no plan. */
function unreadable(path: string, error: unknown): CompileResult {
  const file = new VFile({ path });
  const code = (error as { code?: unknown }).code;
  report(file, { ruleId: 'unreadable-file', reason: `Unexpected ${typeof code === 'string' ? code : 'error'} reading \`${path}\`, expected a readable markdown file`, place: { line: 1, column: 1 } });
  return { file };
}

/**
 * Reads and compiles one markdown file (`path` becomes the file's path in
 * messages and the plan). A file that cannot be read gives an error message.
 */
export async function compileFile(path: string, options: Omit<CompileOptions, 'path'> = {}): Promise<CompileResult> {
  let source: string;
  try {
    source = await readFile(path, 'utf8');
  } catch (error) {
    return unreadable(path, error);
  }
  return compileRunbook(source, { ...options, path });
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
 * gives one result with an `unreadable-file` error.
 */
export async function compilePaths(paths: readonly string[], options: Omit<CompileOptions, 'path'> = {}): Promise<CompileResult[]> {
  const files: string[] = [];
  for (const path of paths) {
    const isDir = await stat(path).then((s) => s.isDirectory(), () => false);
    files.push(...(isDir ? await markdownFiles(path) : [path]));
  }
  const results: CompileResult[] = [];
  for (const file of files) results.push(await compileFile(file, options));
  return results;
}
