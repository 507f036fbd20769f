/**
 * Symbolic links in a checked folder: a link to a markdown file inside the
 * folder is compiled like the file; one that leaves the folder, or leads
 * nowhere, is a `skipped-link` warning instead of silence (before, a folder
 * holding only a broken link still said "1 runbook checked").
 */
import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compilePaths, markdownFiles } from '../../compiler/index.js';

const RUNBOOK = '# Restart\n\n## Restart it\n\nText.\n';

/** A folder `in` (with a.md) next to a folder `out` (with secret.md), and the links `links` makes inside `in`. */
function folders(links: (dirs: { inside: string; outside: string }) => void): string {
  const base = mkdtempSync(join(tmpdir(), 'swaybot-links-'));
  const inside = join(base, 'in');
  const outside = join(base, 'out');
  mkdirSync(join(inside, 'sub'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(inside, 'a.md'), RUNBOOK);
  writeFileSync(join(inside, 'sub', 'page.txt'), RUNBOOK);
  writeFileSync(join(outside, 'secret.md'), RUNBOOK);
  links({ inside, outside });
  return inside;
}

const summary = (results: Awaited<ReturnType<typeof compilePaths>>, dir: string): string[] =>
  results.map((r) => `${r.file.path!.slice(dir.length + 1)} ${r.plan ? 'plan' : 'no plan'} ${r.file.messages.map((m) => `${m.fatal ? 'error' : 'warning'} ${m.ruleId} ${m.reason}`).join(' | ')}`.trimEnd());

describe('symbolic links in a checked folder', () => {
  it('compiles a link to a markdown file inside the folder, even one whose target is not named .md', async () => {
    const dir = folders(({ inside }) => {
      symlinkSync(join(inside, 'a.md'), join(inside, 'b-alias.md'));
      symlinkSync(join('sub', 'page.txt'), join(inside, 'c-relative.md'));
    });
    expect(await markdownFiles(dir)).toEqual(['a.md', 'b-alias.md', 'c-relative.md'].map((name) => join(dir, name)));
    expect(summary(await compilePaths([dir]), dir)).toEqual(['a.md plan', 'b-alias.md plan', 'c-relative.md plan']);
  });

  it('warns about a broken link instead of checking nothing', async () => {
    const dir = folders(({ inside }) => symlinkSync(join(inside, 'gone.md'), join(inside, 'broken.md')));
    expect(summary(await compilePaths([dir]), dir)).toEqual([
      'a.md plan',
      'broken.md no plan warning skipped-link Unexpected broken symbolic link (ENOENT), expected a link to a markdown file; not checked',
    ]);
    expect(await markdownFiles(dir)).toEqual([join(dir, 'a.md')]);
  });

  it('warns about links that leave the folder, to a file or a folder, and does not read them', async () => {
    let outside = '';
    const dir = folders((dirs) => {
      // Messages name the real path (a temporary folder may sit behind a link itself).
      outside = realpathSync(dirs.outside);
      symlinkSync(join(dirs.outside, 'secret.md'), join(dirs.inside, 'leak.md'));
      symlinkSync(dirs.outside, join(dirs.inside, 'more'));
    });
    const leave = (target: string): string =>
      `Unexpected symbolic link to \`${target}\` outside the folder being checked, expected a link that stays inside it; not checked (name that path to check it)`;
    expect(summary(await compilePaths([dir], { timeBudgetMs: Infinity }), dir)).toEqual([
      'a.md plan',
      `leak.md no plan warning skipped-link ${leave(join(outside, 'secret.md'))}`,
      `more no plan warning skipped-link ${leave(outside)}`,
    ]);
  });

  it('does not loop on a link to the folder itself, nor check a folder twice through a link inside it', async () => {
    const dir = folders(({ inside }) => {
      symlinkSync(inside, join(inside, 'sub', 'loop'));
      symlinkSync(join(inside, 'sub'), join(inside, 'sub-again'));
    });
    expect(summary(await compilePaths([dir]), dir)).toEqual(['a.md plan']);
  });
});
