import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

export const TEMPORAL_CLI_VERSION = '1.5.1';
/** The oldest CLI on PATH that swaybot uses instead of its own build. */
export const TEMPORAL_CLI_MIN_VERSION = '1.4.0';

/** The cache folder that bootstrap builds into (outside git, shared by clones). */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env['SWAYBOT_CACHE']) return env['SWAYBOT_CACHE'];
  const base = env['XDG_CACHE_HOME'] || join(homedir(), '.cache');
  return join(base, 'swaybot');
}

/**
 * Finds the `temporal` binary: `$SWAYBOT_TEMPORAL_BIN`, then one on PATH, then the
 * one bootstrap built into the cache. Throws with the command to run when none exists.
 */
export function findTemporalBinary(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env['SWAYBOT_TEMPORAL_BIN'];
  if (explicit) {
    if (!existsSync(explicit)) throw new Error(`SWAYBOT_TEMPORAL_BIN=${explicit} does not exist`);
    return explicit;
  }
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, 'temporal');
    // An old CLI on PATH lacks flags and server features swaybot needs; bootstrap says so too.
    if (existsSync(candidate) && isRecentEnough(temporalVersion(candidate))) return candidate;
  }
  const cached = join(cacheDir(env), 'bin', 'temporal');
  if (existsSync(cached)) return cached;
  throw new Error(
    'No Temporal CLI found. Run `npm run bootstrap`, or install it yourself:\n' +
      `  GOBIN=${join(cacheDir(env), 'bin')} go install -ldflags "-X github.com/temporalio/cli/temporalcli.Version=${TEMPORAL_CLI_VERSION}" github.com/temporalio/cli/cmd/temporal@v${TEMPORAL_CLI_VERSION}`,
  );
}

/** `temporal --version` output's version number, or undefined if it cannot be read. */
export function temporalVersion(binary: string): string | undefined {
  try {
    const out = execFileSync(binary, ['--version'], { encoding: 'utf8', timeout: 10_000 });
    return /version\s+(\S+)/.exec(out)?.[1];
  } catch {
    return undefined;
  }
}

/** True for versions >= TEMPORAL_CLI_MIN_VERSION, and for local builds (`0.0.0-DEV`). */
function isRecentEnough(version: string | undefined): boolean {
  if (!version) return false;
  if (version.startsWith('0.0.0')) return true;
  const have = version.split('.').map((n) => Number.parseInt(n, 10));
  const need = TEMPORAL_CLI_MIN_VERSION.split('.').map(Number);
  for (let i = 0; i < need.length; i++) {
    const a = have[i] ?? 0;
    const b = need[i] ?? 0;
    if (a !== b) return a > b;
  }
  return true;
}
