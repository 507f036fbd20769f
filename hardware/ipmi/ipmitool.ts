import { spawn } from 'node:child_process';
import type { Secret } from '../secret.js';

/** How to reach one BMC with ipmitool; the password is a `Secret` (sent via `-E`) or a file (`-f`). */
export interface IpmiTarget {
  /** Inventory name, used in error messages. */
  readonly host: string;
  readonly address: string;
  readonly port: number;
  readonly username: string;
  readonly password: Secret | { readonly file: string };
  /** lanplus cipher suite; always passed explicitly (ipmitool's auto-pick is unreliable). */
  readonly cipherSuite: number;
}

/** Per-call limits. */
export interface CallOptions {
  /** Kill ipmitool after this many ms (default 15000). */
  readonly timeoutMs?: number;
  /**
   * Give up on a BMC that does not answer after about this many ms (status reads): ipmitool's
   * per-request timeout `-N` becomes half of it, with one retry (`-R 1`). Unset: `-N 1 -R 2`,
   * about 6 s for a silent BMC, which suits commands that change something.
   */
  readonly connectTimeoutMs?: number;
  /** Aborting kills ipmitool (activity cancellation). */
  readonly signal?: AbortSignal;
  /** Adds `-v`, used only to diagnose why a session failed. */
  readonly verbose?: boolean;
}

/** What one ipmitool run produced. `ended` says whether it exited by itself, timed out or was aborted. */
export interface IpmitoolResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ended: 'exit' | 'timeout' | 'abort';
}

/**
 * ipmitool's own per-request timeout (-N, seconds) and retries (-R); the call timeout bounds the
 * total. Measured against a silent BMC: `-N 1 -R 2` gives up after about 6 s, `-N 1 -R 1` after 2 s.
 * (`-R 0` is no faster: ipmitool then falls back to its default retries.)
 */
export function sessionArgs(connectTimeoutMs?: number): string[] {
  if (connectTimeoutMs === undefined) return ['-N', '1', '-R', '2'];
  return ['-N', String(Math.max(1, Math.round(connectTimeoutMs / 2000))), '-R', '1'];
}

/** The argument array for one call; exported for tests. Never contains the password. */
export function ipmitoolArgs(t: IpmiTarget, command: readonly string[], verbose = false, connectTimeoutMs?: number): string[] {
  const password = 'file' in t.password ? ['-f', t.password.file] : ['-E'];
  return ['-I', 'lanplus', '-H', t.address, '-p', String(t.port), '-U', t.username, ...password,
    '-C', String(t.cipherSuite), ...sessionArgs(connectTimeoutMs), ...(verbose ? ['-v'] : []), ...command];
}

/**
 * Runs ipmitool without a shell. The password travels in the child's environment
 * (`IPMI_PASSWORD`), never in argv where `ps` would show it.
 */
export function runIpmitool(t: IpmiTarget, command: readonly string[], opts: CallOptions = {}): Promise<IpmitoolResult> {
  const env: NodeJS.ProcessEnv = { ...process.env, LC_ALL: 'C' };
  delete env['IPMI_PASSWORD'];
  if (!('file' in t.password)) env['IPMI_PASSWORD'] = t.password.reveal();
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) {
      resolve({ code: null, stdout: '', stderr: '', ended: 'abort' });
      return;
    }
    const child = spawn('ipmitool', ipmitoolArgs(t, command, opts.verbose, opts.connectTimeoutMs), { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let ended: IpmitoolResult['ended'] = 'exit';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const stop = (why: IpmitoolResult['ended']) => {
      if (ended !== 'exit') return;
      ended = why;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => stop('timeout'), opts.timeoutMs ?? 15_000);
    const onAbort = () => stop('abort');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    child.once('error', (err) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      reject(err);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      resolve({ code, stdout, stderr, ended });
    });
  });
}
