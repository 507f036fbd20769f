/**
 * bench:compile — runbooks compiled per second over real wiki runbooks
 * (../shared/data/runbooks-dev, read in place) plus runbooks/, repeated to at
 * least 5,000 compiles in one process. The anchor, measured in the same run
 * on the same files, is a plain remark parse (remark-parse + frontmatter +
 * gfm): the ratio says what compiling costs over parsing alone.
 *
 *   npm run bench:compile [-- --min 5000]
 */
import { readFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { compileRunbook, markdownFiles } from '../compiler/index.js';
import { parseMarkdown } from '../compiler/processor.js';

const root = join(import.meta.dirname, '..');
const corpus = [join(process.env['SWAYBOT_SHARED_DATA'] ?? join(root, '..', 'shared', 'data'), 'runbooks-dev'), join(root, 'runbooks')];
const minArg = process.argv.indexOf('--min');
const minCompiles = minArg > 0 ? Number(process.argv[minArg + 1]) : 5000;
const blocks = 5;

const paths = (await Promise.all(corpus.map((dir) => markdownFiles(dir)))).flat();
const files = await Promise.all(paths.map(async (path) => ({ path, source: await readFile(path, 'utf8') })));
const bytes = files.reduce((sum, f) => sum + Buffer.byteLength(f.source), 0);
const rounds = Math.ceil(minCompiles / files.length / blocks);
const anchor = unified().use(remarkParse).use(remarkFrontmatter).use(remarkGfm).freeze();

function timeCompile(): number {
  const start = performance.now();
  for (let r = 0; r < rounds; r++) for (const f of files) compileRunbook(f.source, { path: f.path });
  return performance.now() - start;
}

function timeAnchor(): number {
  const start = performance.now();
  for (let r = 0; r < rounds; r++) for (const f of files) anchor.parse(f.source);
  return performance.now() - start;
}

/** The parse the compiler itself runs (GFM only where needed), to show what is left for the compiler's own work. */
function timeOwnParse(): number {
  const start = performance.now();
  for (let r = 0; r < rounds; r++) for (const f of files) parseMarkdown(f.source);
  return performance.now() - start;
}

// Warm up both paths (JIT, lazy module work), and check the corpus is clean.
let errors = 0;
for (const f of files) {
  errors += compileRunbook(f.source, { path: f.path }).file.messages.filter((m) => m.fatal).length;
  anchor.parse(f.source);
}

// Interleave the two in blocks so that machine noise hits both alike.
let compileMs = 0;
let anchorMs = 0;
let ownParseMs = 0;
for (let b = 0; b < blocks; b++) {
  anchorMs += timeAnchor();
  compileMs += timeCompile();
  ownParseMs += timeOwnParse();
}
const count = rounds * blocks * files.length;
const perSecond = (ms: number): string => ((count / ms) * 1000).toFixed(0);

console.log(`bench:compile — ${files.length} files (${(bytes / 1024).toFixed(0)} KiB, ${errors} errors), ${count} compiles each side`);
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`);
console.log(`compile: ${perSecond(compileMs)} files/s, ${(compileMs / count).toFixed(3)} ms/file`);
console.log(`anchor (remark parse + frontmatter + gfm): ${perSecond(anchorMs)} files/s, ${(anchorMs / count).toFixed(3)} ms/file`);
console.log(`ratio compile/anchor time: ${(compileMs / anchorMs).toFixed(2)}× (below 1 = faster than parsing alone)`);
console.log(`of which the compiler's own parse: ${(ownParseMs / count).toFixed(3)} ms/file (${((ownParseMs / compileMs) * 100).toFixed(0)}% of compile time)`);
