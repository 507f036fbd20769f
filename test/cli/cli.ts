/**
 * Runs the real `swaybot` executable (`node bin/swaybot.js`, what `npx swaybot` runs) as a
 * child process against the shared test server, with its own config (task queue) and an
 * empty state folder so a developer's running stack is never picked up. Tests of commands
 * run them in this process instead (in-process.ts); spawn for what needs a process of its
 * own: the launcher itself, signals, `up` and `drill up`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';
import { CapturedOutput, type CliResult } from './output.js';

export type { CliResult } from './output.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('./fixtures', import.meta.url));
export const BIN = join(ROOT, 'bin', 'swaybot.js');

/** Environment for a CLI run: test server address, a config file with `taskQueue`, no colours. */
export function cliEnv(options: { taskQueue?: string; address?: string; extra?: NodeJS.ProcessEnv } = {}): NodeJS.ProcessEnv {
  const dir = mkdtempSync(join(tmpdir(), 'swaybot-cli-'));
  const config = join(dir, 'swaybot.config.yaml');
  // The test workers' approver directory, with `--as` believed (test-config.ts): a config file has none of its own.
  const approvals = 'groups:\n  sre: [alice, bob]\n  incident-commanders: [carol]\napprovals:\n  identity: asserted\n';
  writeFileSync(config, `stateDir: ${JSON.stringify(join(dir, 'state'))}\ntemporal:\n  taskQueue: ${options.taskQueue ?? 'cli-test'}\nalerts:\n  port: 0\n${approvals}`);
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
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const captured = new CapturedOutput();
  child.stdout!.on('data', (c: Buffer) => captured.append('out', c.toString('utf8')));
  child.stderr!.on('data', (c: Buffer) => captured.append('err', c.toString('utf8')));
  const exited = new Promise<CliResult>((resolve) => child.once('close', (code) => resolve({ code, stdout: captured.stdout, stderr: captured.stderr })));
  void exited.then(() => captured.end());
  return { child, output: () => captured.output(), waitFor: (pattern, timeoutMs) => captured.waitFor(pattern, timeoutMs), exited };
}

/** Runs the CLI as a child process to completion. */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = cliEnv()): Promise<CliResult> {
  return startCli(args, env).exited;
}
