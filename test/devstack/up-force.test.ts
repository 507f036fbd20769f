/**
 * A second Ctrl-C on `swaybot up` does not wait for a clean stop: it SIGKILLs the
 * server, the worker and the drill fleet's simulators, so nothing is left running.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { drillCredentialsFor, drillFilePath } from '../../devstack/drill/drill-file.js';
import { freePort } from '../../devstack/ports.js';
import { isAlive, readStackFile } from '../../devstack/stack-file.js';
import { freeUdpPort } from '../../devstack/sim/free-port.js';
import { freeTcpPort } from '../../devstack/sim/sushy.js';
import { cliEnv, startCli } from '../cli/cli.js';

/** A small loopback inventory on free ports (one IPMI, one Redfish host). */
async function inventory(): Promise<string> {
  const [udp, tcp] = [await freeUdpPort(), await freeTcpPort()];
  const host = (name: string, bmc: string, env: string) =>
    `  ${name}:\n    bmc: { address: 127.0.0.1, ${bmc}, credentials: { username: admin, password: { env: ${env} } } }\n` +
    `    rack: r1\n    position: 1\n    vendor: Dell\n    model: PowerEdge R650\n`;
  const file = join(mkdtempSync(join(tmpdir(), 'swaybot-force-')), 'inventory.yaml');
  writeFileSync(
    file,
    'hosts:\n' +
      host('f-ipmi', `port: ${udp}, protocol: ipmi`, 'SWAYBOT_DRILL_IPMI_PASSWORD') +
      host('f-rf', `port: ${tcp}, protocol: redfish, scheme: http`, 'SWAYBOT_DRILL_REDFISH_PASSWORD'),
  );
  return file;
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '?';
  }
}

async function allGone(pids: number[]): Promise<boolean> {
  for (let i = 0; i < 50; i++) {
    if (pids.every((p) => !isAlive(p))) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

describe('swaybot up, forced stop', () => {
  it('kills the server, the worker and every drill simulator on a second Ctrl-C', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'swaybot-force-state-'));
    const [port, uiPort] = [await freePort(), await freePort()];
    const env = cliEnv({ extra: { SWAYBOT_STATE_DIR: stateDir } });
    delete env['TEMPORAL_ADDRESS'];
    const inventoryFile = await inventory();
    const up = startCli(['up', '--port', String(port), '--ui-port', String(uiPort), '--state-dir', stateDir, '--inventory', inventoryFile], env);
    await up.waitFor(/swaybot is up/, 180_000);
    // The running drill is recorded for CLI commands, with the passwords of its inventory.
    expect(Object.keys(drillCredentialsFor(stateDir, inventoryFile) ?? {}).sort()).toEqual(['SWAYBOT_DRILL_IPMI_PASSWORD', 'SWAYBOT_DRILL_REDFISH_PASSWORD']);
    const stack = readStackFile(stateDir)!;
    const drill = stack.drillPids ?? [];
    expect(drill).toHaveLength(2);
    const pids = [stack.serverPid!, stack.workerPid!, ...drill];
    expect(pids.every(isAlive)).toBe(true);

    // A frozen worker cannot drain, so the clean stop is still waiting on it (15 s grace)
    // when the second Ctrl-C comes: without this, a quick clean stop could finish first.
    process.kill(stack.workerPid!, 'SIGSTOP');
    up.child.kill('SIGINT');
    await up.waitFor(/again to force/, 10_000);
    // A repeat within a second is taken for the terminal's echo of the first.
    await new Promise((r) => setTimeout(r, 1200));
    up.child.kill('SIGINT');
    const { code } = await up.exited;
    expect(up.output()).toContain('killing the worker and the server');
    expect(code).toBe(130);
    // Named, not just counted: a failure says which process was left running.
    const left = (await allGone(pids)) ? [] : pids.filter(isAlive).map((p) => `${p}: ${commandLine(p)}`);
    expect(left).toEqual([]);
    expect(readStackFile(stateDir)).toBeUndefined();
    expect(existsSync(drillFilePath(stateDir))).toBe(false);
  });
});
