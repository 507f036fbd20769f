/**
 * A real OctoPrint 1.11 for the printing tests: a fresh basedir in a temp folder, our own
 * config.yaml (first-run wizard off, no online checks, the virtual printer on port VIRTUAL,
 * autoconnect), an admin user added with OctoPrint's own CLI and given an API key in
 * users.yaml (no browser, no global key), served on a free loopback port. Bootstrap installs
 * it into a venv in the cache (scripts/octoprint-setup.sh); where it is missing the tests
 * skip, saying how to install it, except under CI, where that fails.
 *
 * Print speed: 1.11.8's virtual printer declares a `throttle` setting but never reads it; it
 * sleeps a tenth of each move's real duration (distance / feedrate). So a test controls how
 * long a print takes with its G-code's feedrate and move count (see `testGcode`).
 */
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { parse, stringify } from 'yaml';
import { freePort } from '../../devstack/ports.js';
import { cacheDir } from '../../devstack/temporal-binary.js';
import { isCi } from './shared-data.js';

const execFileAsync = promisify(execFile);

/** The commands that install it, as bootstrap runs them. */
export function octoprintInstallHint(env: NodeJS.ProcessEnv = process.env): string {
  const venv = join(cacheDir(env), 'venv-octoprint');
  return `npm run bootstrap, or: python3 -m venv ${venv} && ${venv}/bin/pip install 'octoprint>=1.11,<1.12'`;
}

export type OctoPrintBinary = { binary: string; missing?: undefined } | { binary?: undefined; missing: string };

/**
 * The `octoprint` executable: `$SWAYBOT_OCTOPRINT_BIN`, else the venv bootstrap makes
 * (`<cache>/venv-octoprint/bin/octoprint`), else `octoprint` on PATH. Missing: outside CI,
 * why and how to install it; under CI, throws that.
 */
export function findOctoPrint(env: NodeJS.ProcessEnv = process.env): OctoPrintBinary {
  const explicit = env['SWAYBOT_OCTOPRINT_BIN'];
  if (explicit && existsSync(explicit)) return { binary: explicit };
  if (!explicit) {
    const cached = join(cacheDir(env), 'venv-octoprint', 'bin', 'octoprint');
    if (existsSync(cached)) return { binary: cached };
    for (const dir of (env['PATH'] ?? '').split(delimiter)) {
      if (dir && existsSync(join(dir, 'octoprint'))) return { binary: join(dir, 'octoprint') };
    }
  }
  const missing = explicit
    ? `SWAYBOT_OCTOPRINT_BIN=${explicit} does not exist`
    : `OctoPrint not found (neither in ${join(cacheDir(env), 'venv-octoprint')} nor on PATH). Install it: ${octoprintInstallHint(env)}; or set SWAYBOT_OCTOPRINT_BIN`;
  if (isCi(env)) throw new Error(`${missing}. CI runs the OctoPrint tests, so a missing OctoPrint fails the run.`);
  return { missing };
}

const warned = new Set<string>();

/** `findOctoPrint`, printing `[file] not run: reason` once when it is missing; use with `describe.runIf`. */
export function octoprintFor(file: string): OctoPrintBinary {
  const found = findOctoPrint();
  if (found.missing !== undefined && !warned.has(file)) {
    warned.add(file);
    console.warn(`[${file}] not run: ${found.missing}`);
  }
  return found;
}

export interface RunningOctoPrint {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** The admin user's API key. */
  apiKey: string;
  /** OctoPrint's basedir (config.yaml, users.yaml, uploads, logs/octoprint.log). */
  basedir: string;
  /** The last lines of OctoPrint's log, for failure messages. */
  logTail(lines?: number): string;
  /** Stops it (SIGTERM, then SIGKILL after 10 s), waits for it to exit and removes the basedir. */
  stop(): Promise<void>;
}

export interface OctoPrintOptions {
  binary?: string;
  /** Where to make the basedir (default the temp folder). */
  parentDir?: string;
  /** How long to wait for the API and an operational printer (default 60 s). */
  readyTimeoutMs?: number;
  /** Keep the basedir after stop (for debugging). */
  keep?: boolean;
}

export const OCTOPRINT_ADMIN = 'swaybot';

/** Our config.yaml: no wizard, no network checks, the virtual printer connected at start. */
export function testOctoPrintConfig(): Record<string, unknown> {
  return {
    server: {
      firstRun: false,
      onlineCheck: { enabled: false },
      pluginBlacklist: { enabled: false },
    },
    serial: {
      port: 'VIRTUAL',
      baudrate: 115200,
      autoconnect: true,
      log: false,
    },
    plugins: {
      // Plugins that call home or poll the internet at start; the tests need none of them.
      _disabled: ['tracking', 'announcements', 'softwareupdate', 'pluginmanager', 'firmware_check', 'achievements', 'healthcheck', 'discovery', 'errortracking'],
      virtual_printer: {
        enabled: true,
        // Its defaults simulate line noise at lines 100-115, one of them a resend that only a
        // 30 s communication timeout resolves: a clean line for tests that time prints.
        simulated_errors: [],
        resend_ratio: 0,
        // No "wait" lines while idle, no busy protocol: only what a print needs.
        sendWait: false,
        sendBusy: false,
      },
    },
  };
}

/**
 * Starts OctoPrint on a free loopback port with a fresh basedir, and resolves once its API
 * answers with the key and the virtual printer is connected and operational.
 */
export async function startOctoPrint(options: OctoPrintOptions = {}): Promise<RunningOctoPrint> {
  const found = options.binary ? { binary: options.binary } : findOctoPrint();
  if (found.binary === undefined) throw new Error(found.missing);
  const binary = found.binary;
  const basedir = mkdtempSync(join(options.parentDir ?? tmpdir(), 'octoprint-'));
  const cleanup = () => {
    if (!options.keep) rmSync(basedir, { recursive: true, force: true });
  };
  const apiKey = randomBytes(20).toString('hex').toUpperCase();

  try {
    writeFileSync(join(basedir, 'config.yaml'), stringify(testOctoPrintConfig()));
    // An admin user, made by OctoPrint's CLI (it hashes the password); then its API key.
    await execFileAsync(
      binary,
      ['--basedir', basedir, 'user', 'add', OCTOPRINT_ADMIN, '--password', randomBytes(12).toString('hex'), '--admin'],
      { timeout: 60_000 },
    );
    const usersFile = join(basedir, 'users.yaml');
    const users = parse(readFileSync(usersFile, 'utf8')) as Record<string, Record<string, unknown>>;
    const admin = users[OCTOPRINT_ADMIN];
    if (!admin) throw new Error(`octoprint user add did not write ${OCTOPRINT_ADMIN} to ${usersFile}`);
    admin['apikey'] = apiKey;
    // OctoPrint gives config.yaml a global api.key of its own (deprecated, ends in 1.13); nothing uses it.
    writeFileSync(usersFile, stringify(users), { mode: 0o600 });
  } catch (error) {
    cleanup();
    throw error;
  }

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const serveLog = join(basedir, 'serve.log');
  const out = openSync(serveLog, 'a');
  const child = spawn(
    binary,
    ['serve', '--iknowwhatimdoing', '--host', '127.0.0.1', '--port', String(port), '--basedir', basedir],
    { stdio: ['ignore', out, out], env: { ...process.env, PYTHONUNBUFFERED: '1' } },
  );
  closeSync(out);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const running = () => child.exitCode === null && child.signalCode === null;
  const logTail = (lines = 30) => {
    const file = existsSync(join(basedir, 'logs', 'octoprint.log')) ? join(basedir, 'logs', 'octoprint.log') : serveLog;
    try {
      return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  };
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (running()) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    cleanup();
  };

  const headers = { 'X-Api-Key': apiKey, 'content-type': 'application/json' };
  const get = async (path: string): Promise<unknown> => {
    const res = await fetch(`${url}${path}`, { headers, signal: AbortSignal.timeout(5000) });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  const fail = async (why: string): Promise<never> => {
    const tail = logTail();
    await stop();
    throw new Error(`OctoPrint on ${url}: ${why}\n${tail}`);
  };

  // 1. The API answers with our key.
  let lastError = '';
  for (;;) {
    if (!running()) await fail(`exited (${child.exitCode ?? child.signalCode}) before it was ready`);
    try {
      await get('/api/version');
      break;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() > deadline) await fail(`/api/version did not answer in time (${lastError})`);
    await new Promise((r) => setTimeout(r, 200));
  }

  // 2. The virtual printer is connected and operational (autoconnect; else we ask once, then again if it drops).
  let connectAskedAt = 0;
  let state = '';
  for (;;) {
    if (!running()) await fail('exited before the printer was operational');
    const conn = (await get('/api/connection').catch(() => ({}))) as { current?: { state?: string } };
    state = conn.current?.state ?? '';
    if (state === 'Operational') break;
    const idle = state === 'Closed' || state === 'Offline' || state.startsWith('Error') || state.startsWith('Offline');
    if (idle && Date.now() - connectAskedAt > 5000) {
      connectAskedAt = Date.now();
      await fetch(`${url}/api/connection`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ command: 'connect', port: 'VIRTUAL', baudrate: 115200, autoconnect: true }),
        signal: AbortSignal.timeout(5000),
      }).catch(() => undefined);
    }
    if (Date.now() > deadline) await fail(`printer not operational in time (connection state: ${state || 'unknown'})`);
    await new Promise((r) => setTimeout(r, 200));
  }

  return { url, apiKey, basedir, logTail, stop };
}

/**
 * A small G-code file for the virtual printer: `layers` layers of `movesPerLayer` short
 * moves (a zig-zag square spiral), with `feedrate` in mm/min. The virtual printer sleeps a
 * tenth of each move's real time: ~`layers * movesPerLayer * (length / feedrate * 60) / 10` s,
 * plus OctoPrint's per-line round trip.
 */
export function testGcode(options: { layers?: number; movesPerLayer?: number; length?: number; feedrate?: number } = {}): string {
  const layers = options.layers ?? 4;
  const moves = options.movesPerLayer ?? 80;
  const length = options.length ?? 10;
  const feedrate = options.feedrate ?? 3000;
  const lines = ['; swaybot test print', 'G21 ; mm', 'G90 ; absolute', 'M82', 'G28 ; home', 'G92 E0', `G1 F${feedrate}`];
  let e = 0;
  for (let layer = 1; layer <= layers; layer++) {
    const z = (layer * 0.2).toFixed(2);
    lines.push(`;LAYER:${layer - 1}`, `G1 Z${z} F${feedrate}`);
    for (let i = 0; i < moves; i++) {
      // Alternate between two points `length` apart, drifting in Y so every move is distinct.
      const x = 50 + (i % 2 === 0 ? length : 0);
      const y = 50 + (i * 0.2) % 20;
      e += 0.05;
      lines.push(`G1 X${x.toFixed(2)} Y${y.toFixed(2)} E${e.toFixed(4)}`);
    }
  }
  lines.push('G1 Z10 F3000', 'M84 ; motors off', '; end', '');
  return lines.join('\n');
}
