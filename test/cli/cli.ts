/**
 * Runs the real `swaybot` CLI as a child process (`node --import tsx cli/main.ts`)
 * against the shared test server, with its own config (task queue) and an empty
 * state folder so a developer's running stack is never picked up.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('./fixtures', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Environment for a CLI child: test server address, a config file with `taskQueue`, no colours. */
export function cliEnv(options: { taskQueue?: string; address?: string; extra?: NodeJS.ProcessEnv } = {}): NodeJS.ProcessEnv {
  const dir = mkdtempSync(join(tmpdir(), 'swaybot-cli-'));
  const config = join(dir, 'swaybot.config.yaml');
  writeFileSync(config, `stateDir: ${JSON.stringify(join(dir, 'state'))}\ntemporal:\n  taskQueue: ${options.taskQueue ?? 'cli-test'}\n`);
  const env: NodeJS.ProcessEnv = { ...process.env, SWAYBOT_CONFIG: config, NO_COLOR: '1', FORCE_COLOR: '0' };
  delete env['SWAYBOT_STATE_DIR'];
  delete env['SWAYBOT_USER'];
  env['TEMPORAL_ADDRESS'] = options.address ?? inject('temporalAddress');
  return { ...env, ...options.extra };
}

/** A running CLI child whose output accumulates as it arrives. */
export interface CliProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves once the combined output matches `pattern`; rejects if the child exits first. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  exited: Promise<CliResult>;
}

export function startCli(args: readonly string[], env: NodeJS.ProcessEnv): CliProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'cli', 'main.ts'), ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let combined = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer, which: 'out' | 'err') => {
    const text = chunk.toString('utf8');
    if (which === 'out') stdout += text;
    else stderr += text;
    combined += text;
    for (const l of listeners) l();
  };
  child.stdout!.on('data', (c: Buffer) => onData(c, 'out'));
  child.stderr!.on('data', (c: Buffer) => onData(c, 'err'));
  const exited = new Promise<CliResult>((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
  let done = false;
  void exited.then(() => {
    done = true;
    for (const l of listeners) l();
  });
  return {
    child,
    output: () => combined,
    exited,
    waitFor(pattern, timeoutMs = 120_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = combined.match(pattern);
          if (match) {
            cleanup();
            resolve(match);
          } else if (done) {
            cleanup();
            reject(new Error(`CLI exited before printing ${pattern}; output:\n${combined}`));
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`CLI did not print ${pattern} in time; output:\n${combined}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
  };
}

/** Runs the CLI to completion. */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = cliEnv()): Promise<CliResult> {
  return startCli(args, env).exited;
}
