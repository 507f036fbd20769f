import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startRunbook } from '../../client/runbooks.js';
import { eventually } from '../support-interpreter/harness.js';
import { activity, directory, plan, wait } from '../support-interpreter/plans.js';
import { connectTestServer, uniqueTaskQueue } from '../support/temporal.js';

const entry = fileURLToPath(new URL('./counting-worker.ts', import.meta.url));
const children: ChildProcess[] = [];
let dir: string | undefined;

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Spawns the counting worker and resolves once it printed `worker ready`. */
async function spawnWorker(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      if (c.toString().includes('worker ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`worker exited with ${code} before ready: ${stderr}`)));
  });
  return child;
}

const counts = (file: string): string[] => (existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean) : []);

describe('durability: worker killed mid-run', () => {
  it('a new worker process finishes the run and completed steps do not run again', { timeout: 120_000 }, async () => {
    dir = mkdtempSync(join(tmpdir(), 'swaybot-crash-'));
    const countFile = join(dir, 'count.txt');
    const server = await connectTestServer();
    try {
      const env = { TEMPORAL_ADDRESS: server.address, TASK_QUEUE: uniqueTaskQueue('crash'), COUNT_FILE: countFile };
      const first = await spawnWorker(env);
      const handle = await startRunbook(server.client, {
        plan: plan('crash', [activity('a', 'count', { name: 'A' }), wait('pause', '3s'), activity('b', 'count', { name: 'B' })]),
        taskQueue: env.TASK_QUEUE,
        directory,
      });
      // Kill only once the server has recorded A as completed, as a crash after that point would.
      await eventually(
        () => handle.fetchHistory(),
        (h) => {
          // A's own activity (the run reads the approver directory before it).
          const events = h.events ?? [];
          const a = events.find((e) => e.activityTaskScheduledEventAttributes?.activityId === 'a');
          return a !== undefined && events.some((e) => e.activityTaskCompletedEventAttributes && String(e.activityTaskCompletedEventAttributes.scheduledEventId) === String(a.eventId));
        },
        'step A completed in history',
      );
      first.kill('SIGKILL');
      await new Promise((r) => first.once('exit', r));
      expect(counts(countFile)).toEqual(['A']);

      await spawnWorker(env);
      const result = await handle.result();
      expect(result.state).toBe('succeeded');
      expect(counts(countFile)).toEqual(['A', 'B']);
    } finally {
      await server.close();
    }
  });
});
