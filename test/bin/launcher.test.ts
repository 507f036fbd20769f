/**
 * The launcher runs the compiled CLI in dist/ only while it matches the sources, and the
 * sources with tsx otherwise, without a word about it; and the real build runs real commands.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { distStaleReason, sourceHash, STAMP_FILE } from '../../bin/dist-stamp.js';

const repo = join(import.meta.dirname, '..', '..');

/** Writes `files` (path → text) under `root`. */
function write(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

/** Stamps `<root>/dist` as built from `sources`, as scripts/build.js does. */
function stamp(root: string, sources: string[]): void {
  write(root, { [join('dist', STAMP_FILE)]: JSON.stringify({ hash: sourceHash(root, sources), files: sources }) });
}

describe('distStaleReason', () => {
  const sources = ['cli/a.ts', 'cli/b.ts'];
  const project = (): string => {
    const root = mkdtempSync(join(tmpdir(), 'swaybot-stamp-'));
    write(root, { 'cli/a.ts': 'export const a = 1;\n', 'cli/b.ts': 'export const b = 2;\n' });
    return root;
  };

  it('says there is no build until one is stamped, then nothing', () => {
    const root = project();
    expect(distStaleReason(root)).toBe(`no build in ${join(root, 'dist')} (run npm run build)`);
    stamp(root, sources);
    expect(distStaleReason(root)).toBeUndefined();
  });

  it('says the sources changed once one is edited or removed', () => {
    const edited = project();
    stamp(edited, sources);
    appendFileSync(join(edited, 'cli/b.ts'), 'export const c = 3;\n');
    expect(distStaleReason(edited)).toBe(`sources changed since the build in ${join(edited, 'dist')}`);
    const removed = project();
    stamp(removed, sources);
    rmSync(join(removed, 'cli/a.ts'));
    expect(distStaleReason(removed)).toBe(`sources changed since the build in ${join(removed, 'dist')}`);
  });

  it('names a stamp it cannot read', () => {
    const root = project();
    write(root, { [join('dist', STAMP_FILE)]: '{"files": "cli/a.ts"}' });
    expect(distStaleReason(root)).toBe(`unexpected ${STAMP_FILE} in ${join(root, 'dist')}, expected { files, hash }`);
  });
});

describe('bin/swaybot.js', () => {
  // A project of its own: the real launcher, a CLI whose source and build say which one ran.
  const root = mkdtempSync(join(tmpdir(), 'swaybot-launcher-'));
  mkdirSync(join(root, 'bin'));
  for (const file of ['swaybot.js', 'dist-stamp.js']) copyFileSync(join(repo, 'bin', file), join(root, 'bin', file));
  symlinkSync(join(repo, 'node_modules'), join(root, 'node_modules'));
  write(root, {
    'package.json': '{ "type": "module" }\n',
    // Type annotations: only tsx can run this one.
    'cli/program.ts': 'export async function runCli(argv: string[]): Promise<number> { process.stdout.write(`source ${argv.join(" ")}`); return 4; }\n',
    'cli/process-io.ts': 'export const processIO = (): null => null;\n',
    'dist/cli/program.js': 'export async function runCli(argv) { process.stdout.write(`dist ${argv.join(" ")}`); return 3; }\n',
    'dist/cli/process-io.js': 'export const processIO = () => null;\n',
  });
  const run = (env: NodeJS.ProcessEnv = {}) =>
    spawnSync(process.execPath, [join(root, 'bin', 'swaybot.js'), 'runbook', 'check'], { cwd: root, encoding: 'utf8', env: { ...process.env, SWAYBOT_FROM_SOURCE: '', ...env } });

  it('runs dist/ while it is fresh, the sources with tsx once they change, with no word about it', () => {
    stamp(root, ['cli/program.ts', 'cli/process-io.ts']);
    const fresh = run();
    expect([fresh.stdout, fresh.stderr, fresh.status]).toEqual(['dist runbook check', '', 3]);
    expect(run({ SWAYBOT_FROM_SOURCE: '1' }).stdout).toBe('source runbook check');

    appendFileSync(join(root, 'cli/process-io.ts'), '// edited\n');
    const stale = run();
    expect([stale.stdout, stale.stderr, stale.status]).toEqual(['source runbook check', '', 4]);
  });
});

describe('the build (npm run build)', () => {
  it('runs real commands from dist/, with every file its code finds beside itself', () => {
    const built = spawnSync(process.execPath, [join(repo, 'scripts', 'build.js'), '--if-stale'], { cwd: repo, encoding: 'utf8' });
    expect(built.stderr).toBe('');
    expect(built.stdout).toMatch(/^dist\/ (up to date \(cached\)|built from \d+ files in [\d.]+ s)$/m);
    const dist = join(repo, 'dist');

    // Paths the code resolves next to its module (new URL('…', import.meta.url)) must resolve in dist/ too.
    const { files } = JSON.parse(readFileSync(join(dist, STAMP_FILE), 'utf8')) as { files: string[] };
    const compiled = files.filter((file) => /\.[jt]s$/.test(file) && !file.startsWith('scripts/'));
    const beside = compiled.flatMap((file) =>
      [...readFileSync(join(repo, file), 'utf8').matchAll(/new URL\('([^']+)', import\.meta\.url\)/g)].map((m) => join(dist, dirname(file), m[1]!)),
    );
    expect(beside.length).toBeGreaterThan(0);
    expect(beside.filter((path) => !existsSync(path))).toEqual([]);
    // And the paths `swaybot up` joins to the root it finds that way.
    expect(['workers/main.ts', 'runbooks/service-health-check.md'].filter((p) => !existsSync(join(dist, p)))).toEqual([]);

    // runbook check compiles in a worker thread (compiler/worker-entry.js), from dist/ too.
    expect(distStaleReason(repo)).toBeUndefined();
    const check = spawnSync(process.execPath, [join(repo, 'bin', 'swaybot.js'), 'runbook', 'check', 'runbooks/service-health-check.md'], {
      cwd: repo,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', SWAYBOT_FROM_SOURCE: '' },
    });
    expect([check.stdout, check.stderr, check.status]).toEqual(['✔ 1 runbook checked, no problems\n', '', 0]);
    expect(distStaleReason(repo), 'sources changed while the test ran: run it again').toBeUndefined();
  }, 180_000);
});
