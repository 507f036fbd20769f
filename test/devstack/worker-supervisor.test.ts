import { describe, expect, it } from 'vitest';
import { WorkerSupervisor } from '../../devstack/worker-supervisor.js';

/** A stand-in worker process: plain node running `body` (these tests are about supervision, not Temporal). */
function script(body: string): [string, ...string[]] {
  return [process.execPath, '-e', body];
}

describe('worker supervisor', () => {
  it('waits for the ready line, forwards output, and stops the worker on request', async () => {
    const lines: string[] = [];
    const supervisor = new WorkerSupervisor({
      command: script(`console.log('bundling'); setTimeout(() => console.log('worker ready'), 200); process.on('SIGTERM', () => { console.log('draining'); process.exit(0); }); setInterval(() => {}, 1000);`),
      cwd: process.cwd(),
      env: process.env,
      log: (l) => lines.push(l),
    });
    await supervisor.start();
    expect(lines).toEqual(['bundling', 'worker ready']);
    const pid = supervisor.pid!;
    await supervisor.stop();
    expect(lines).toContain('draining');
    expect(() => process.kill(pid, 0)).toThrow();
  });

  it('restarts a crashing worker with backoff and gives up after maxRestarts', async () => {
    const lines: string[] = [];
    const pids: number[] = [];
    const supervisor = new WorkerSupervisor({
      command: script(`console.log('worker ready'); setTimeout(() => { console.error('boom'); process.exit(3); }, 100);`),
      cwd: process.cwd(),
      env: process.env,
      log: (l) => lines.push(l),
      maxRestarts: 2,
      backoffMs: 50,
      onSpawn: (pid) => pids.push(pid),
    });
    await supervisor.start();
    const reason = await supervisor.gaveUp;
    expect(reason).toBe('the worker crashed 3 times in a row (last: code 3)');
    expect(pids).toHaveLength(3);
    expect(lines.filter((l) => l.startsWith('worker exited (code 3); restarting'))).toHaveLength(2);
    expect(lines.filter((l) => l === 'boom')).toHaveLength(3);
    await supervisor.stop();
  });

  it('takes a clean exit after SIGTERM from outside for a stop, not a crash, and starts a new worker', async () => {
    const lines: string[] = [];
    const pids: number[] = [];
    const supervisor = new WorkerSupervisor({
      command: script(`process.on('SIGTERM', () => { console.log('draining'); process.exit(0); }); console.log('worker ready'); setInterval(() => {}, 1000);`),
      cwd: process.cwd(),
      env: process.env,
      log: (l) => lines.push(l),
      maxRestarts: 0,
      backoffMs: 50,
      onSpawn: (pid) => pids.push(pid),
    });
    await supervisor.start();
    const readyCount = (): number => lines.filter((l) => l === 'worker ready').length;
    for (let round = 1; round <= 2; round++) {
      process.kill(pids.at(-1)!, 'SIGTERM');
      // The new worker is up once it printed its ready line.
      const deadline = Date.now() + 10_000;
      while (readyCount() <= round && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(pids, lines.join('\n')).toHaveLength(round + 1);
      expect(readyCount()).toBe(round + 1);
    }
    expect(lines.filter((l) => l.startsWith('worker stopped cleanly (code 0'))).toHaveLength(2);
    expect(lines.some((l) => /crash|restarting in/.test(l))).toBe(false);
    // With maxRestarts 0 a single crash would have given up; clean exits never do.
    const gaveUp = await Promise.race([supervisor.gaveUp, new Promise((r) => setTimeout(() => r('still running'), 100))]);
    expect(gaveUp).toBe('still running');
    await supervisor.stop();
  });

  it('fails the first start with the worker\'s last output when it dies before it is ready', async () => {
    const supervisor = new WorkerSupervisor({
      command: script(`console.error('swaybot worker: Invalid configuration'); process.exit(1);`),
      cwd: process.cwd(),
      env: process.env,
      log: () => undefined,
    });
    await expect(supervisor.start()).rejects.toThrow(/exited \(code 1\) before it was ready[\s\S]*Invalid configuration/);
  });
});
