/**
 * Slicing with PrusaSlicer's command line (Debian `prusa-slicer` 2.5): STL in, G-code out, with our
 * profile (printing/profiles/swaybot-replica.ini) and the run's overrides. The CLI is headless for
 * `--export-gcode` (no display, nothing written under HOME). Several STLs are one plate:
 * `--merge` arranges them on the bed (the CLI arranges by default, one part included, which
 * centres it) and slices them as one print.
 *
 * PrusaSlicer 2.5's CLI refuses a plate whose parts do not fit on the bed in X/Y ("Objects could
 * not fit on the bed", from the arrange step), but it slices a part taller than
 * `max_print_height` without a word; we check the sliced height against it ourselves.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SwaybotError, type ErrorDetails } from '../../errors/index.js';
import type { BedSize } from '../types.js';
import { readGcode } from './gcode.js';

/** The command that installs it, as bootstrap runs it. */
export const SLICER_INSTALL = 'sudo apt-get install -y prusa-slicer';

/** Our profile, next to this module's folder. */
export const DEFAULT_PROFILE = fileURLToPath(new URL('../profiles/swaybot-replica.ini', import.meta.url));

/** How long a slice may run before it is killed (default of `timeoutMs`). */
export const DEFAULT_SLICE_TIMEOUT_MS = 10 * 60_000;

/** Slicing failed: the slicer's own message (or why it could not run), never worth retrying as is. */
export class SlicerError extends SwaybotError {
  override name = 'SlicerError';
  readonly retryable = false;

  constructor(message: string, details: ErrorDetails = {}, cause?: unknown) {
    super(message, cause === undefined ? { details } : { details, cause });
  }
}

export type SlicerBinary = { binary: string; missing?: undefined } | { binary?: undefined; missing: string };

/** The slicer: `$SWAYBOT_SLICER_BIN`, else `prusa-slicer` on PATH; missing: why and how to install it. */
export function findSlicer(env: NodeJS.ProcessEnv = process.env): SlicerBinary {
  const explicit = env['SWAYBOT_SLICER_BIN'];
  if (explicit) return existsSync(explicit) ? { binary: explicit } : { missing: `SWAYBOT_SLICER_BIN=${explicit} does not exist` };
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, 'prusa-slicer'))) return { binary: join(dir, 'prusa-slicer') };
  }
  return { missing: `PrusaSlicer not found on PATH (prusa-slicer). Install it: ${SLICER_INSTALL} (npm run bootstrap does this as root), or set SWAYBOT_SLICER_BIN` };
}

/** What a run changes in the profile. */
export interface SliceOverrides {
  /** Layer height, mm (`--layer-height`); the first layer keeps the profile's height. */
  layerHeight?: number;
  /** Sparse infill density, percent 0–100 (`--fill-density`). */
  infill?: number;
  /** Build volume, mm (`--bed-shape 0x0,Xx0,XxY,0xY`, `--max-print-height Z`). */
  bed?: BedSize;
  /** `printer_model`, written into the G-code (no CLI flag in 2.5: loaded from a generated ini). */
  printerModel?: string;
}

export interface SliceOptions {
  /** One STL, or several printed together as one plate. */
  stl: string | readonly string[];
  /** The G-code file to write (its folder is created). */
  out: string;
  /** PrusaSlicer profile (default: ours, `DEFAULT_PROFILE`). */
  profile?: string;
  overrides?: SliceOverrides;
  /** The slicer binary (default: `findSlicer()`). */
  binary?: string;
  /** Kill the slicer after this long (default 10 min). */
  timeoutMs?: number;
  /** Aborting kills the slicer and rejects with the signal's reason. */
  signal?: AbortSignal;
}

export interface SliceResult {
  gcodePath: string;
  /** How long the slicer ran, s. */
  seconds: number;
  layers: number;
  /** Top of the printed part, mm. */
  maxZ: number;
  estimatedPrintSeconds?: number;
  filamentMm?: number;
  /** The slicer's last lines of output (stderr's, where it wrote any, after stdout's). */
  stdoutTail: string;
  /** The arguments the slicer ran with. */
  args: string[];
}

/** Slices `stl` into `out` with the profile and overrides; rejects with a `SlicerError` carrying the slicer's message. */
export async function sliceStl(options: SliceOptions): Promise<SliceResult> {
  const stls = (typeof options.stl === 'string' ? [options.stl] : [...options.stl]).map((p) => resolve(p));
  if (stls.length === 0) throw new SlicerError('Nothing to slice: no STL given');
  for (const stl of stls) {
    if (!isFile(stl)) throw new SlicerError(`STL not found: ${stl}`, { stl });
  }
  const profile = resolve(options.profile ?? DEFAULT_PROFILE);
  if (!isFile(profile)) throw new SlicerError(`Slicer profile not found: ${profile}`, { profile });
  const overrides = options.overrides ?? {};
  checkOverrides(overrides);

  let binary = options.binary;
  if (binary === undefined) {
    const found = findSlicer();
    if (found.binary === undefined) throw new SlicerError(found.missing);
    binary = found.binary;
  }

  const out = resolve(options.out);
  mkdirSync(dirname(out), { recursive: true });
  rmSync(out, { force: true });

  const scratch = overrides.printerModel !== undefined ? mkdtempSync(join(tmpdir(), 'swaybot-slice-')) : undefined;
  try {
    const args = ['--export-gcode', '--loglevel', '1', '--load', profile];
    if (scratch !== undefined && overrides.printerModel !== undefined) {
      const ini = join(scratch, 'overrides.ini');
      writeFileSync(ini, `printer_model = ${overrides.printerModel}\n`);
      args.push('--load', ini);
    }
    if (overrides.layerHeight !== undefined) args.push('--layer-height', String(overrides.layerHeight));
    if (overrides.infill !== undefined) args.push('--fill-density', `${overrides.infill}%`);
    if (overrides.bed !== undefined) {
      const { x, y, z } = overrides.bed;
      args.push('--bed-shape', `0x0,${x}x0,${x}x${y},0x${y}`, '--max-print-height', String(z));
    }
    if (stls.length > 1) args.push('--merge');
    args.push('--output', out, ...stls);

    const started = performance.now();
    const run = await runSlicer(binary, args, options.timeoutMs ?? DEFAULT_SLICE_TIMEOUT_MS, options.signal);
    const seconds = Math.round(performance.now() - started) / 1000;
    const names = stls.map((p) => basename(p)).join(', ');
    const stdoutTail = tail(`${run.stdout}${run.stderr.trim() ? `\n${run.stderr}` : ''}`);

    if (run.error !== undefined) throw new SlicerError(`PrusaSlicer could not run (${binary}): ${run.error.message}`, { binary }, run.error);
    if (run.timedOut) throw new SlicerError(`PrusaSlicer did not finish slicing ${names} in ${(options.timeoutMs ?? DEFAULT_SLICE_TIMEOUT_MS) / 1000} s`, { args, stdoutTail });
    if (run.code !== 0 || !isFile(out)) {
      rmSync(out, { force: true });
      const how = run.signal !== null ? `killed by ${run.signal}` : run.code !== 0 ? `exit ${run.code}` : 'exit 0 but no G-code written';
      throw new SlicerError(`PrusaSlicer could not slice ${names} (${how}): ${slicerMessage(run.stdout, run.stderr)}`, {
        args,
        exitCode: run.code,
        signal: run.signal,
        stdoutTail,
      });
    }

    const gcode = await readGcode(out);
    const height = overrides.bed?.z ?? gcode.maxPrintHeight;
    if (height !== undefined && gcode.maxZ > height + 1e-6) {
      rmSync(out, { force: true });
      throw new SlicerError(`${names} is ${gcode.maxZ} mm tall sliced, above the printer's ${height} mm build height (max_print_height)`, {
        maxZ: gcode.maxZ,
        maxPrintHeight: height,
      });
    }
    const result: SliceResult = { gcodePath: out, seconds, layers: gcode.layers, maxZ: gcode.maxZ, stdoutTail, args };
    if (gcode.estimatedPrintSeconds !== undefined) result.estimatedPrintSeconds = gcode.estimatedPrintSeconds;
    if (gcode.filamentMm !== undefined) result.filamentMm = gcode.filamentMm;
    return result;
  } finally {
    if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
  }
}

/** `PrusaSlicer-2.5.0+UNKNOWN` → `2.5.0+UNKNOWN`, from `--help`'s banner. */
export async function slicerVersion(binary?: string): Promise<string> {
  const found = binary !== undefined ? { binary } : findSlicer();
  if (found.binary === undefined) throw new SlicerError(found.missing);
  const run = await runSlicer(found.binary, ['--help'], 30_000, undefined);
  const match = /PrusaSlicer-(\S+)/.exec(`${run.stdout}\n${run.stderr}`);
  if (!match) throw new SlicerError(`${found.binary} --help did not name a PrusaSlicer version`, { stdoutTail: tail(run.stdout) });
  return match[1]!;
}

function checkOverrides(o: SliceOverrides): void {
  const bad: string[] = [];
  if (o.layerHeight !== undefined && !(Number.isFinite(o.layerHeight) && o.layerHeight > 0 && o.layerHeight <= 1)) bad.push(`layerHeight ${o.layerHeight} (mm, over 0 and at most 1)`);
  if (o.infill !== undefined && !(Number.isFinite(o.infill) && o.infill >= 0 && o.infill <= 100)) bad.push(`infill ${o.infill} (percent, 0 to 100)`);
  if (o.bed !== undefined) {
    for (const axis of ['x', 'y', 'z'] as const) {
      const v = o.bed[axis];
      if (!(Number.isFinite(v) && v > 0)) bad.push(`bed.${axis} ${v} (mm, over 0)`);
    }
  }
  if (o.printerModel !== undefined && (o.printerModel.trim() === '' || /[\r\n]/.test(o.printerModel))) bad.push(`printerModel ${JSON.stringify(o.printerModel)} (one non-empty line)`);
  if (bad.length > 0) throw new SlicerError(`Bad slicer overrides: ${bad.join('; ')}`, { overrides: { ...o } });
}

interface SlicerRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  error?: Error;
}

function runSlicer(binary: string, args: string[], timeoutMs: number, signal: AbortSignal | undefined): Promise<SlicerRun> {
  signal?.throwIfAborted();
  return new Promise((resolvePromise, reject) => {
    // English messages whatever the host's locale; UTF-8 so any path still works.
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C.UTF-8', LANGUAGE: '' } });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout = keepEnd(stdout + chunk)));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = keepEnd(stderr + chunk)));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    const onAbort = () => child.kill('SIGKILL');
    signal?.addEventListener('abort', onAbort, { once: true });
    let settled = false;
    const settle = (code: number | null, sig: NodeJS.Signals | null, error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (signal?.aborted) {
        reject(signal.reason instanceof Error ? signal.reason : new Error('Slicing cancelled'));
        return;
      }
      const run: SlicerRun = { code, signal: sig, stdout, stderr, timedOut };
      if (error !== undefined) run.error = error;
      resolvePromise(run);
    };
    // A binary that cannot start (ENOENT, EACCES) reports 'error' and may never 'close'.
    child.once('error', (err) => settle(null, null, err));
    child.once('close', (code, sig) => settle(code, sig));
  });
}

/**
 * The slicer's own words for a failure: its stderr (an uncaught exception's `what():` text without
 * the C++ runtime's preamble) and the `[error]` lines of its log on stdout.
 */
export function slicerMessage(stdout: string, stderr: string): string {
  const lines: string[] = [];
  for (const line of stdout.split('\n')) {
    const logged = /\[(?:error|fatal)\]\s+(.*)$/.exec(line);
    if (logged) lines.push(logged[1]!.trim());
  }
  for (const raw of stderr.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('terminate called after throwing')) continue;
    lines.push(line.replace(/^what\(\):\s*/, ''));
  }
  return lines.length > 0 ? lines.join('; ') : 'it gave no reason';
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The last 20 lines, without the banner log line every run starts with. */
function tail(text: string): string {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.includes('Initializing StaticPrintConfigs'))
    .slice(-20)
    .join('\n');
}

/** Keeps a captured stream to its last 64 KiB. */
function keepEnd(text: string): string {
  return text.length > 65_536 ? text.slice(-65_536) : text;
}
