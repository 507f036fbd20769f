/**
 * The per-request timeout of `http.request` must fire even when the garbage collector runs
 * while the request waits: a timeout signal that nothing holds on to is collected and never
 * aborts. Vitest cannot expose `gc()`, so a child `node --expose-gc` makes the request.
 */
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let server: Server;
let url: string;
const socketClosedAt: number[] = [];

beforeAll(async () => {
  // Accepts the request and never answers.
  server = createServer(() => undefined);
  server.on('connection', (socket) => socket.on('close', () => socketClosedAt.push(Date.now())));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/never`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function runScript(args: string[]): Promise<{ stdout: string; stderr: string; exitedAt: number }> {
  const script = join(import.meta.dirname, 'scripts', 'timeout-under-gc.ts');
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', script, ...args], { cwd: join(import.meta.dirname, '..', '..') });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.on('close', () => resolve({ stdout, stderr, exitedAt: Date.now() })));
}

describe('http.request timeout under garbage collection', () => {
  it('times out a request to a server that never answers, and closes the socket', async () => {
    const { stdout, stderr, exitedAt } = await runScript([url, '300ms']);
    const result = JSON.parse(stdout.trim() || '{}') as Record<string, unknown>;
    expect(result, stderr).toMatchObject({ outcome: 'failed', name: 'HttpRequestFailed' });
    expect(result['message']).toBe(`GET ${url} failed: no answer within 300ms`);
    expect(result['ms']).toBeLessThan(2_000);
    // The server saw the connection closed by the timeout, not by the process ending a second later.
    expect(socketClosedAt).toHaveLength(1);
    expect(socketClosedAt[0]).toBeLessThan(exitedAt - 500);
  }, 30_000);
});
