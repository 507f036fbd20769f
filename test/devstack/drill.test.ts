import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DRILL_CREDENTIALS_ENV } from '../../devstack/drill/credentials.js';
import type { FleetRow } from '../../hardware/fleet.js';
import { freeUdpPort } from '../../devstack/sim/free-port.js';
import { freeTcpPort } from '../../devstack/sim/sushy.js';
import { cliEnv, runCli, startCli } from '../cli/cli.js';

// `swaybot drill up` as a user runs it: start, query with `hardware status`, Ctrl-C, nothing left.
// Free ports (not the default drill inventory's) so a developer's running drill does not clash.

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function drillInventory(): Promise<string> {
  const [u1, u2, t1] = [await freeUdpPort(), await freeUdpPort(), await freeTcpPort()];
  const host = (name: string, bmc: string, rack: string, pos: number) =>
    `  ${name}:\n    bmc: { address: 127.0.0.1, ${bmc}, credentials: { username: admin, password: { env: SWAYBOT_DRILL_${bmc.includes('redfish') ? 'REDFISH' : 'IPMI'}_PASSWORD } } }\n` +
    `    rack: ${rack}\n    position: ${pos}\n    vendor: Dell\n    model: PowerEdge R650\n`;
  const file = join(mkdtempSync(join(tmpdir(), 'swaybot-drill-')), 'drill.yaml');
  writeFileSync(file, 'hosts:\n' + host('d-ipmi-1', `port: ${u1}, protocol: ipmi`, 'ra', 1) + host('d-ipmi-2', `port: ${u2}, protocol: ipmi`, 'rb', 1) +
    host('d-rf-1', `port: ${t1}, protocol: redfish, scheme: http`, 'rb', 2));
  return file;
}

describe('swaybot drill up', () => {
  it('starts one simulated BMC per host, answers hardware status, and stops them all on Ctrl-C', async () => {
    const inventory = await drillInventory();
    const env = cliEnv();
    // The drill passwords are the built-in drill-only defaults: nothing set by the user.
    // `hardware status` gets them from the running drill (its record in the state folder).
    delete env['SWAYBOT_DRILL_IPMI_PASSWORD'];
    delete env['SWAYBOT_DRILL_REDFISH_PASSWORD'];
    const drill = startCli(['drill', 'up', '--inventory', inventory], env);
    try {
      await drill.waitFor(/drill fleet ready: 3 simulated BMCs/, 90_000);
      const out = drill.output();
      expect(out).toMatch(/d-ipmi-1\s+ipmi\s+udp 127\.0\.0\.1:\d+\s+\(pid \d+\)/);
      expect(out).toMatch(/d-rf-1\s+redfish\s+http:\/\/127\.0\.0\.1:\d+\s+\(pid \d+\)/);
      const pids = [...out.matchAll(/\(pid (\d+)\)/g)].map((m) => Number(m[1]));
      expect(pids).toHaveLength(3);
      expect(pids.every(alive)).toBe(true);

      const status = await runCli(['hardware', 'status', '--inventory', inventory, '--format', 'json'], env);
      expect(status.code).toBe(0);
      const hosts = (JSON.parse(status.stdout) as { hosts: FleetRow[] }).hosts;
      expect(hosts.map((h) => [h.host, h.power, h.health])).toEqual([
        ['d-ipmi-1', 'on', 'ok'], ['d-ipmi-2', 'on', 'ok'], ['d-rf-1', 'on', 'ok'],
      ]);

      drill.child.kill('SIGINT');
      const result = await drill.exited;
      expect(result.code).toBe(0);
      expect(drill.output()).toContain('drill stopped; no simulators left running');
      expect(pids.filter(alive)).toEqual([]);
      // The drill gave the passwords; once stopped, the same query has none and says where they come from.
      const after = await runCli(['hardware', 'status', '--inventory', inventory, '--format', 'json', '--timeout', '3'], env);
      expect(after.code).toBe(1);
      const rows = (JSON.parse(after.stdout) as { hosts: FleetRow[] }).hosts;
      expect(rows.map((h) => h.error?.message)).toEqual([
        'host d-ipmi-1: environment variable SWAYBOT_DRILL_IPMI_PASSWORD (BMC password) is not set',
        'host d-ipmi-2: environment variable SWAYBOT_DRILL_IPMI_PASSWORD (BMC password) is not set',
        'host d-rf-1: environment variable SWAYBOT_DRILL_REDFISH_PASSWORD (BMC password) is not set',
      ]);
      expect(after.stderr).toContain('SWAYBOT_DRILL_IPMI_PASSWORD, SWAYBOT_DRILL_REDFISH_PASSWORD: given only by a running drill of');
      expect(after.stdout + after.stderr).not.toMatch(/drill-(ipmi|redfish)-only/);
      // And the ports answer no more: with the passwords given by hand, every host is unreachable.
      const byHand = { ...env, ...DRILL_CREDENTIALS_ENV };
      const dead = await runCli(['hardware', 'status', '--inventory', inventory, '--format', 'json', '--timeout', '3'], byHand);
      expect(dead.code).toBe(1);
      const kinds = (JSON.parse(dead.stdout) as { hosts: FleetRow[] }).hosts.map((h) => h.error?.kind);
      expect(kinds).toHaveLength(3);
      for (const kind of kinds) expect(kind).toMatch(/^(unreachable|timeout)$/);
    } finally {
      if (drill.child.exitCode === null) drill.child.kill('SIGKILL');
    }
  });

  it('refuses an inventory with real (non-loopback) BMCs, naming the host', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'swaybot-drill-')), 'real.yaml');
    writeFileSync(file, 'hosts:\n  web-01:\n    bmc: { address: 10.0.0.11, port: 623, protocol: ipmi, credentials: { username: u, password: { env: P } } }\n    rack: r1\n    position: 1\n    vendor: Dell\n    model: R650\n');
    const result = await runCli(['drill', 'up', '--inventory', file], cliEnv());
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('web-01: address 10.0.0.11 is not 127.0.0.1 (drill mode only simulates loopback BMCs)');
  });
});
