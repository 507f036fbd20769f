/**
 * The bench:m4 anchor runner: Nixtla statsforecast 2.x in a Python venv at
 * `<cache>/venv-statsforecast` (cache = `cacheDir()`, as bootstrap uses), created on first use
 * (`python3 -m venv` + `pip install 'statsforecast>=2,<3'`, pip's output shown as progress on
 * stderr). `runAnchor` hands the training parts to `statsforecast_anchor.py` as JSON and reads
 * its forecasts and timings back. `ensure_statsforecast.sh` is the same install for bootstrap.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cacheDir } from '../../devstack/temporal-binary.js';

export const STATSFORECAST_SPEC = 'statsforecast>=2,<3';

export function statsforecastVenv(env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheDir(env), 'venv-statsforecast');
}

function importable(python: string): string | undefined {
  if (!existsSync(python)) return undefined;
  const r = spawnSync(python, ['-c', 'import statsforecast; print(statsforecast.__version__)'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** The venv's python with statsforecast importable, installing it when missing; `log` gets progress lines. */
export function ensureStatsforecast(log: (line: string) => void = (l) => console.error(l), env: NodeJS.ProcessEnv = process.env): string {
  const venv = statsforecastVenv(env);
  const python = join(venv, 'bin', 'python');
  const have = importable(python);
  if (have) {
    log(`✓ statsforecast ${have} (cached): ${venv}`);
    return python;
  }
  log(`→ creating ${venv} and installing ${STATSFORECAST_SPEC} (pip, a few minutes the first time)`);
  rmSync(venv, { recursive: true, force: true });
  const steps: [string, string[]][] = [
    ['python3', ['-m', 'venv', venv]],
    [join(venv, 'bin', 'pip'), ['install', '--disable-pip-version-check', '--progress-bar', 'off', STATSFORECAST_SPEC]],
  ];
  for (const [cmd, args] of steps) {
    log(`  $ ${cmd} ${args.join(' ')}`);
    const r = spawnSync(cmd, args, { stdio: ['ignore', 2, 2] });
    if (r.status !== 0) {
      throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal}). Install it yourself: python3 -m venv ${venv} && ${venv}/bin/pip install '${STATSFORECAST_SPEC}'`);
    }
  }
  const version = importable(python);
  if (!version) throw new Error(`statsforecast was installed into ${venv} but does not import; remove the folder and retry`);
  log(`✓ statsforecast ${version} installed: ${venv}`);
  return python;
}

export interface AnchorModelResult {
  seconds: number;
  forecasts: Record<string, number[]>;
}

export interface AnchorResult {
  version: string;
  models: Record<string, AnchorModelResult>;
}

/** Runs AutoETS / AutoTheta / SeasonalNaive (or `models`) on `series` (id → training values); progress on stderr. */
export function runAnchor(
  python: string,
  series: Record<string, readonly number[]>,
  options: { horizon: number; season: number; models?: readonly string[]; jobs?: number },
): AnchorResult {
  const dir = mkdtempSync(join(tmpdir(), 'swaybot-m4-anchor-'));
  try {
    const input = join(dir, 'input.json');
    const output = join(dir, 'output.json');
    writeFileSync(input, JSON.stringify({ horizon: options.horizon, season: options.season, series }));
    const args = [join(import.meta.dirname, 'statsforecast_anchor.py'), input, output];
    if (options.models) args.push('--models', options.models.join(','));
    if (options.jobs) args.push('--jobs', String(options.jobs));
    const r = spawnSync(python, args, { stdio: ['ignore', 2, 2] });
    if (r.status !== 0) throw new Error(`statsforecast anchor failed (exit ${r.status ?? r.signal})`);
    return JSON.parse(readFileSync(output, 'utf8')) as AnchorResult;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
