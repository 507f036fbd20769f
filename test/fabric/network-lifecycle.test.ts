/**
 * test/fabric/network.test.ts stops a network it started and leaves one it found running
 * (issue 9, point 6). Runs without Fabric: ensureNetwork's decisions are checked against a
 * recording stand-in for the scripts, and `down.sh NAME…` against processes this test starts
 * itself (`sleep`, recorded in pid files the way fabric:up records its processes).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureNetwork, pidAlive, pidAliveNumber, root, type NetworkControl, type NetworkProcess } from './support.js';

/** A network as the control sees it: which processes are alive, what up and down were asked to do. */
function standIn(initially: NetworkProcess[], options: { upStarts?: NetworkProcess[]; upFails?: boolean } = {}) {
  const alive = new Set(initially);
  const calls: string[] = [];
  const control: NetworkControl = {
    isUp: async () => alive.has('peer') && alive.has('orderer') && alive.has('chaincode'),
    alive: () => (['chaincode', 'peer', 'orderer'] as const).filter((p) => alive.has(p)),
    up: () => {
      calls.push('up');
      for (const p of options.upStarts ?? ['orderer', 'peer', 'chaincode']) alive.add(p);
      if (options.upFails) throw new Error('fabric:up failed (exit 35): chaincode approve');
    },
    down: (names) => {
      calls.push(`down ${names.join(' ')}`);
      for (const p of names) alive.delete(p);
    },
  };
  return { control, calls, alive };
}

describe('ensureNetwork (what network.test.ts starts, it stops)', () => {
  it('leaves a network it found running alone', async () => {
    const net = standIn(['orderer', 'peer', 'chaincode']);
    const lease = await ensureNetwork(net.control);
    expect(lease.started).toEqual([]);
    lease.release();
    expect(net.calls).toEqual([]);
    expect(net.control.alive()).toEqual(['chaincode', 'peer', 'orderer']);
  });

  it('starts a network that is down and stops all of it afterwards, once', async () => {
    const net = standIn([]);
    const lease = await ensureNetwork(net.control);
    expect(lease.started).toEqual(['chaincode', 'peer', 'orderer']);
    lease.release();
    lease.release();
    expect(net.calls).toEqual(['up', 'down chaincode peer orderer']);
    expect(net.control.alive()).toEqual([]);
  });

  it('stops only the processes it started when part of the network was already running', async () => {
    const net = standIn(['orderer']);
    const lease = await ensureNetwork(net.control);
    expect(lease.started).toEqual(['chaincode', 'peer']);
    lease.release();
    expect(net.calls).toEqual(['up', 'down chaincode peer']);
    expect(net.control.alive()).toEqual(['orderer']);
  });

  it('stops what a failed fabric:up did start, then reports the failure', async () => {
    const net = standIn([], { upStarts: ['orderer', 'peer'], upFails: true });
    await expect(ensureNetwork(net.control)).rejects.toThrow('fabric:up failed (exit 35): chaincode approve');
    expect(net.calls).toEqual(['up', 'down peer orderer']);
    expect(net.control.alive()).toEqual([]);
  });
});

describe('scripts/fabric/down.sh NAME… (stops only the named processes, by their pid files)', () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'swaybot-fabric-down-'));
  const state = path.join(tmp, 'state', 'fabric');
  mkdirSync(state, { recursive: true });
  const pids: number[] = [];
  afterAll(() => {
    for (const pid of pids) {
      try {
        process.kill(pid);
      } catch {
        // already stopped by down.sh
      }
    }
    rmSync(tmp, { recursive: true, force: true });
  });

  /**
   * A long sleep in its own process group, left by a shell that exits (so it is not this
   * process's child), recorded as `<name>.pid`: the way fabric:up leaves its processes.
   */
  function fakeProcess(name: NetworkProcess): number {
    const started = spawnSync('bash', ['-c', 'setsid sleep 300 >/dev/null 2>&1 </dev/null & echo $!'], { encoding: 'utf8' });
    const pid = Number(started.stdout.trim());
    expect(pid).toBeGreaterThan(0);
    pids.push(pid);
    writeFileSync(path.join(state, `${name}.pid`), `${pid}\n`);
    return pid;
  }
  const down = (...args: string[]) =>
    spawnSync('bash', [path.join(root, 'scripts/fabric/down.sh'), ...args], { cwd: tmp, encoding: 'utf8', env: { ...process.env, SWAYBOT_STATE_DIR: path.join(tmp, 'state') }, timeout: 30_000 });
  const alive = pidAliveNumber;

  it('stops the named ones, leaves the others, then stops the rest with no names', () => {
    const chaincode = fakeProcess('chaincode');
    const peer = fakeProcess('peer');
    const orderer = fakeProcess('orderer');
    const pidFile = (name: NetworkProcess) => path.join(state, `${name}.pid`);

    const some = down('peer', 'chaincode');
    expect(some.status).toBe(0);
    expect(some.stdout).toBe(`✓ stopped chaincode (pid ${chaincode})\n✓ stopped peer (pid ${peer})\n`);
    expect([alive(chaincode), alive(peer), alive(orderer)]).toEqual([false, false, true]);
    expect([existsSync(pidFile('chaincode')), existsSync(pidFile('peer')), pidAlive(pidFile('orderer'))]).toEqual([false, false, true]);

    const rest = down();
    expect(rest.status).toBe(0);
    expect(rest.stdout).toBe(`✓ stopped orderer (pid ${orderer})\n`);
    expect(alive(orderer)).toBe(false);
    expect(existsSync(pidFile('orderer'))).toBe(false);
  });

  it('refuses an unknown name, and names together with --purge, with 64', () => {
    expect(down('ordrer').status).toBe(64);
    const both = down('--purge', 'peer');
    expect(both.status).toBe(64);
    expect(both.stderr).toContain('--purge stops everything');
  });
});
