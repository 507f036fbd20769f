/** Hourly commit counts read from a real git repository made here, with commits at set dates. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bucketCounts, commitTimes, gitActivity, GitActivityError } from '../../../ml/forecast/exogenous/git-activity.js';

const dirs: string[] = [];
const tempDir = (prefix: string): string => {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function git(repo: string, args: string[], date?: string): void {
  const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };
  if (date !== undefined) Object.assign(env, { GIT_COMMITTER_DATE: date, GIT_AUTHOR_DATE: '2000-01-01T00:00:00Z' });
  execFileSync('git', ['-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main', '-C', repo, ...args], { env, stdio: 'pipe' });
}

describe('git activity', () => {
  let repo = '';
  const commits = ['2024-03-04T10:15:00Z', '2024-03-04T10:15:00Z', '2024-03-04T10:59:59Z', '2024-03-04T12:00:00Z', '2024-03-05T09:00:00Z'];

  beforeAll(() => {
    repo = tempDir('swaybot-git-activity-');
    git(repo, ['init', '-q']);
    commits.forEach((date, i) => git(repo, ['commit', '-q', '--allow-empty', '-m', `c${i}`], date));
    // A commit only on another branch: `--all` counts it.
    git(repo, ['checkout', '-q', '-b', 'other']);
    git(repo, ['commit', '-q', '--allow-empty', '-m', 'side'], '2024-03-04T13:30:00Z');
    git(repo, ['checkout', '-q', 'main']);
  });

  it('reads every committer time, all refs, ascending', async () => {
    const times = await commitTimes(repo);
    expect(times.map((t) => new Date(t).toISOString())).toEqual(
      [...commits.slice(0, 4), '2024-03-04T13:30:00Z', commits[4]!].map((d) => new Date(d).toISOString()),
    );
  });

  it('counts commits per hour on the grid (committer date, not author date)', async () => {
    const counts = await gitActivity(repo, Date.parse('2024-03-04T09:00:00Z'), 6);
    expect(Array.from(counts)).toEqual([0, 3, 0, 1, 1, 0]); // 09 10 11 12 13 14; the 03-05 commit is off the grid
    // A start inside an hour is rounded down to it.
    expect(Array.from(await gitActivity(repo, Date.parse('2024-03-04T10:30:00Z'), 2))).toEqual([3, 0]);
    expect(Array.from(bucketCounts([0, 1, 3_600_000, -1], 0, 2))).toEqual([2, 1]);
  });

  it('says clearly when the path is not a git repository', async () => {
    const plain = tempDir('swaybot-not-a-repo-');
    await expect(commitTimes(plain)).rejects.toThrow(GitActivityError);
    await expect(commitTimes(plain)).rejects.toThrow(`${plain}: not a git repository`);
    await expect(commitTimes(join(plain, 'missing'))).rejects.toThrow(/missing: no such directory/);
  });
});
