/**
 * Commit activity of a git repository as an hourly series: the committer times of every commit
 * reachable from any ref (`git -C <repo> log --all --format=%ct`, run with execFile, no shell),
 * counted per hour on a target's grid. Commit counts are not known ahead of time, so the residual
 * model uses them lagged (residual-model.ts).
 */
import { execFile } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { promisify } from 'node:util';
import { HOUR_MS } from './calendar.js';

const run = promisify(execFile);

/** The repository cannot be read: not a directory, not a git repository, or git missing. */
export class GitActivityError extends Error {
  override name = 'GitActivityError';
  readonly repo: string;

  constructor(repo: string, problem: string) {
    super(`${repo}: ${problem}`);
    this.repo = repo;
  }
}

/** Committer times (epoch ms, ascending) of every commit in `repo` (all refs). */
export async function commitTimes(repo: string): Promise<number[]> {
  if (!existsSync(repo) || !statSync(repo).isDirectory()) throw new GitActivityError(repo, 'no such directory; expected the path of a git repository');
  let stdout: string;
  try {
    ({ stdout } = await run('git', ['-C', repo, 'log', '--all', '--format=%ct'], { maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' }));
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') throw new GitActivityError(repo, 'cannot run git: git is not installed or not on PATH');
    const stderr = (e.stderr ?? '').trim();
    if (/not a git repository/i.test(stderr)) throw new GitActivityError(repo, `not a git repository (git: ${stderr.split('\n')[0]})`);
    throw new GitActivityError(repo, `git log failed: ${stderr.split('\n')[0] || e.message}`);
  }
  const times: number[] = [];
  for (const line of stdout.split('\n')) {
    const s = line.trim();
    if (s === '') continue;
    const t = Number(s);
    if (!Number.isInteger(t)) throw new GitActivityError(repo, `git log printed ${JSON.stringify(s)}, expected unix seconds`);
    times.push(t * 1000);
  }
  return times.sort((a, b) => a - b);
}

/** Counts of `times` (epoch ms) per step of the grid `start + i·step`, i = 0..length−1; times off the grid are ignored. */
export function bucketCounts(times: readonly number[], start: number, length: number, step = HOUR_MS): Float64Array {
  const counts = new Float64Array(length);
  for (const t of times) {
    const i = Math.floor((t - start) / step);
    if (i >= 0 && i < length) counts[i]!++;
  }
  return counts;
}

/** Hourly commit counts of `repo` on the grid `start + i·1 h`, i = 0..length−1 (`start` rounded down to the hour). */
export async function gitActivity(repo: string, start: number, length: number): Promise<Float64Array> {
  return bucketCounts(await commitTimes(repo), Math.floor(start / HOUR_MS) * HOUR_MS, length);
}
