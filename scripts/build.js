// `npm run build`: compiles the CLI and everything it loads into dist/ with tsc
// (tsconfig.build.json), so `swaybot` starts without tsx. `--if-stale` builds only when
// dist/ is missing or older than the sources (what bootstrap runs), and says which.
// Type errors do not stop the build, as they do not stop tsx: `npm run typecheck` reports them.
// Plain JavaScript: it runs from bootstrap before anything is compiled.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, URL } from 'node:url';
import { distStaleReason, sourceHash, STAMP_FILE } from '../bin/dist-stamp.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
const CONFIG = 'tsconfig.build.json';

// Paths the code resolves next to its own module (`new URL('../x', import.meta.url)`) that tsc
// does not emit: dist/ links them back to the repository, so they are always current.
// swaybot up spawns workers/main.ts with tsx and reads runbooks/; a worker bundles the workflow
// sources from workflows/index.ts (bundling stays on the sources); the CLI reads its version
// from package.json. test/bin/dist.test.ts fails when a new such path is missing here.
const LINKS = ['package.json', 'runbooks', 'workers/main.ts', 'workflows/index.ts', 'printing/profiles'];

const started = Date.now();
if (process.argv.includes('--if-stale')) {
  const stale = distStaleReason(root, dist);
  if (stale === undefined) {
    console.log(`dist/ up to date (cached)`);
    process.exit(0);
  }
  console.log(`building dist/: ${stale}`);
}

const require = createRequire(import.meta.url);
let ts;
try {
  ts = require('typescript');
} catch {
  fail('TypeScript is not installed (node_modules/typescript): run npm run bootstrap, then npm run build.');
}
const tsc = require.resolve('typescript/bin/tsc');

// The files tsc compiles (its include globs, read as tsc reads them); with the configs and this
// script they make the stamp. The TypeScript API lists them without compiling anything.
const config = ts.getParsedCommandLineOfConfigFile(join(root, CONFIG), {}, {
  ...ts.sys,
  onUnRecoverableConfigFileDiagnostic: (d) => fail(`Cannot read ${CONFIG}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`),
});
if (config.errors.length > 0) fail(`Cannot read ${CONFIG}:\n${config.errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')).join('\n')}`);
const compiled = config.fileNames.map((file) => relative(root, file));
const files = [...compiled, 'tsconfig.json', CONFIG, 'scripts/build.js'].sort();
// Hashed before compiling: an edit made while tsc runs leaves the build stale, never falsely fresh.
const hash = sourceHash(root, files);
if (hash === undefined) fail('A source file vanished while the build listed them: run npm run build again.');

// Built aside, then swapped in, so a CLI starting meanwhile sees the old build or none (and
// runs the sources), never half of one; two builds at once each swap in a whole build.
const next = join(root, `dist.build-${process.pid}`);
rmSync(next, { recursive: true, force: true });
const built = spawnSync(process.execPath, [tsc, '-p', CONFIG, '--outDir', next], { cwd: root, encoding: 'utf8' });
if (built.status !== 0) {
  rmSync(next, { recursive: true, force: true });
  fail(`tsc -p ${CONFIG} failed (exit ${built.status ?? built.signal}):\n${built.stdout}${built.stderr}`);
}
for (const link of LINKS) {
  const at = join(next, link);
  mkdirSync(dirname(at), { recursive: true });
  symlinkSync(relative(dirname(at), join(root, link)), at);
}
writeFileSync(join(next, STAMP_FILE), JSON.stringify({ hash, files }, null, 1) + '\n');
const old = join(root, `dist.old-${process.pid}`);
if (existsSync(dist)) renameSync(dist, old);
renameSync(next, dist);
rmSync(old, { recursive: true, force: true });
console.log(`dist/ built from ${compiled.length} files in ${((Date.now() - started) / 1000).toFixed(1)} s`);

/** Says why the build cannot go on and exits 1. */
function fail(why) {
  console.error(why);
  process.exit(1);
}
