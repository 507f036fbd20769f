import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startRunbook } from '../../client/runbooks.js';
import { directory, log, plan } from '../support-interpreter/plans.js';
import { connectTestServer, uniqueTaskQueue } from '../support/temporal.js';

const MAIN = fileURLToPath(new URL('../../workers/main.ts', import.meta.url));
let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Runs workers/main.ts with `env`; resolves with its output once `until` appears or it exits. */
function startMain(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const waitFor = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => (out.includes(text) ? resolve() : undefined);
      child.stdout.on('data', check);
      void exited.then(() => (out.includes(text) ? resolve() : reject(new Error(`exited before "${text}": ${out}`))));
      check();
    });
  return { child, output: () => out, exited, waitFor };
}

describe('workers/main.ts', () => {
  it('says "worker ready", runs runbooks from its task queue, and stops cleanly on SIGTERM', { timeout: 90_000 }, async () => {
    const server = await connectTestServer();
    dir = mkdtempSync(join(tmpdir(), 'swaybot-main-'));
    const taskQueue = uniqueTaskQueue('main');
    writeFileSync(join(dir, 'swaybot.config.yaml'), `temporal:\n  taskQueue: ${taskQueue}\n`);
    // Its own state folder: the worker opens the ledger there, never the checkout's .state/ledger.
    const proc = startMain({ SWAYBOT_TEMPORAL_ADDRESS: server.address, SWAYBOT_CONFIG: join(dir, 'swaybot.config.yaml'), SWAYBOT_STATE_DIR: dir });
    try {
      await proc.waitFor('worker ready');
      const handle = await startRunbook(server.client, { plan: plan('main', [log('hello', 'hello from {{ run.runbookId }}')]), taskQueue, directory });
      expect((await handle.result()).state).toBe('succeeded');
      expect(proc.output()).toContain('"msg":"hello from main"');
      proc.child.kill('SIGTERM');
      expect(await proc.exited).toBe(0);
      expect(proc.output()).toContain('worker stopped');
    } finally {
      proc.child.kill('SIGKILL');
      await server.close();
    }
  });

  it('exits non-zero with a clear message when the configuration is bad', { timeout: 30_000 }, async () => {
    dir = mkdtempSync(join(tmpdir(), 'swaybot-main-'));
    writeFileSync(join(dir, 'bad.yaml'), 'temporal:\n  port: "not a port"\n');
    const proc = startMain({ SWAYBOT_CONFIG: join(dir, 'bad.yaml') });
    expect(await proc.exited).toBe(1);
    expect(proc.output()).toMatch(/swaybot worker: Invalid configuration in .*bad\.yaml:\n\s+temporal\.port:/);
  });
});
