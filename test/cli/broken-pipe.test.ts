import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, cliEnv, FIXTURES, ROOT } from './cli.js';
import { startAtGate, useOpsWorker } from './ops-worker.js';

// `swaybot … | head`: the reader goes away before the command is done writing. Like any Unix
// tool, the command must end quietly (exit 0, or 141 as if killed by SIGPIPE) and stop working.
// Only a real process has a real pipe, so these spawn bin/swaybot.js.

const { taskQueue } = useOpsWorker('epipe');
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  env = cliEnv({ taskQueue });
});

interface Closed {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/**
 * Spawns the CLI with a stdout pipe whose reader closes after `keepBytes` bytes (0: before the
 * first write), like `| head -c N`. Rejects when the command is still running after `deadlineMs`.
 */
function runIntoClosedPipe(args: readonly string[], keepBytes: number, deadlineMs = 60_000): Promise<Closed> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let seen = 0;
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  if (keepBytes === 0) child.stdout.destroy();
  else {
    child.stdout.on('data', (c: Buffer) => {
      seen += c.length;
      if (seen >= keepBytes) child.stdout.destroy();
    });
  }
  return new Promise((resolve, reject) => {
    const deadline = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`\`swaybot ${args.join(' ')}\` still ran ${deadlineMs} ms after its reader went away; stderr:\n${stderr}`));
    }, deadlineMs);
    child.once('close', (code, signal) => {
      clearTimeout(deadline);
      resolve({ code, signal, stderr });
    });
  });
}

function expectQuietEnd(result: Closed): void {
  expect(result.signal).toBeNull();
  expect([0, 141]).toContain(result.code);
  expect(result.stderr).not.toMatch(/EPIPE|Unhandled|^\s+at /m);
}

describe('a reader that closes early (`swaybot … | head`)', () => {
  it('ends `runbook status` quietly every time, wherever the pipe closes', async () => {
    const id = `epipe-status-${Date.now().toString(36)}`;
    // The run has reached its approval gate, so status has a full table to print.
    await startAtGate(join(FIXTURES, 'approve.md'), id, env);
    // Closed before the first write, and after the first line (the race `| head -1` loses one time in five).
    for (const keepBytes of [0, 1, 0, 1, 0, 1]) expectQuietEnd(await runIntoClosedPipe(['runbook', 'status', id], keepBytes));
  });

  it('stops following a run once nobody reads, instead of waiting for the run to end', async () => {
    const id = `epipe-follow-${Date.now().toString(36)}`;
    // The run waits for an approval that never comes: without the reader, following must stop at once.
    const result = await runIntoClosedPipe(['runbook', 'run', join(FIXTURES, 'approve.md'), '--id', id, '--wait'], 1, 30_000);
    expectQuietEnd(result);
    expect(result.code).toBe(141);
  });
});
