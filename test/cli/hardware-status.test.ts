import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FleetRow } from '../../hardware/fleet.js';
import { startIpmiSim, type IpmiSim } from '../../devstack/sim/ipmi-sim.js';
import { startSushy, type Sushy } from '../../devstack/sim/sushy.js';
import { freePort } from '../../devstack/ports.js';
import { cliEnv } from './cli.js';
import { runInProcess } from './in-process.js';

// `swaybot hardware status` over a small real fleet: two ipmi_sim, one sushy-emulator, and one
// ipmi_sim that is stopped before the query (a dead BMC).
let sims: IpmiSim[] = [];
let sushy: Sushy;
let inventoryFile: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  const [a, b, dead, rf] = await Promise.all([
    startIpmiSim({ password: 'fleet-pw-a' }), startIpmiSim({ password: 'fleet-pw-b' }), startIpmiSim({ password: 'fleet-pw-d' }), startSushy({ password: 'fleet-pw-r' }),
  ]);
  sims = [a, b, dead];
  sushy = rf;
  await dead.stop();
  const ipmi = (name: string, sim: IpmiSim, rack: string, pos: number, pwVar: string) =>
    `  ${name}:\n    bmc: { address: 127.0.0.1, port: ${sim.port}, protocol: ipmi, credentials: { username: admin, password: { env: ${pwVar} } } }\n` +
    `    rack: ${rack}\n    position: ${pos}\n    vendor: Sim\n    model: Sim\n`;
  const dir = mkdtempSync(join(tmpdir(), 'swaybot-fleet-'));
  inventoryFile = join(dir, 'fleet.yaml');
  writeFileSync(
    inventoryFile,
    'hosts:\n' + ipmi('ipmi-a', a, 'r1', 1, 'FLEET_A') + ipmi('ipmi-b', b, 'r1', 2, 'FLEET_B') + ipmi('ipmi-dead', dead, 'r2', 1, 'FLEET_D') +
      `  rf-1:\n    bmc: { address: 127.0.0.1, port: ${sushy.port}, protocol: redfish, scheme: http, credentials: { username: admin, password: { env: FLEET_R } } }\n` +
      '    rack: r2\n    position: 2\n    vendor: Sim\n    model: Sim\n',
  );
  env = cliEnv({ extra: { FLEET_A: 'fleet-pw-a', FLEET_B: 'fleet-pw-b', FLEET_D: 'fleet-pw-d', FLEET_R: 'fleet-pw-r' } });
});
afterAll(async () => Promise.all([...sims.map((s) => s.dispose()), sushy?.dispose()]));

describe('swaybot hardware status', () => {
  it('reports every host, with the stopped BMC as a classified error row, and exits 1', async () => {
    const result = await runInProcess(['hardware', 'status', '--inventory', inventoryFile, '--format', 'json', '--timeout', '5'], env);
    expect(result.code).toBe(1);
    const out = JSON.parse(result.stdout) as { summary: { total: number; ok: number; failed: number }; hosts: FleetRow[] };
    expect(out.summary).toMatchObject({ total: 4, ok: 3, failed: 1 });
    const byName = Object.fromEntries(out.hosts.map((h) => [h.host, h]));
    for (const name of ['ipmi-a', 'ipmi-b', 'rf-1']) expect(byName[name]).toMatchObject({ ok: true, power: 'on', health: 'ok' });
    // A silent BMC is "unreachable" once ipmitool gives up, or "timeout" when the call's limit comes first: both retryable.
    expect(byName['ipmi-dead']).toMatchObject({ ok: false, error: { kind: expect.stringMatching(/^(unreachable|timeout)$/) as unknown, retryable: true } });
    expect(byName['ipmi-dead']!.error!.message).toContain('ipmi-dead');
    // Passwords never reach the output.
    expect(result.stdout + result.stderr).not.toMatch(/fleet-pw-/);
  });

  it('prints a table with the failing host named, and filters by rack', async () => {
    const text = await runInProcess(['hardware', 'status', '--inventory', inventoryFile, '--timeout', '5'], env);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^HOST\s+RACK\/POS\s+PROTOCOL\s+POWER\s+HEALTH\s+SUMMARY\s+ERROR/m);
    expect(text.stdout).toMatch(/^ipmi-a\s+r1\/1\s+ipmi\s+on\s+ok\s+3 sensors ok/m);
    expect(text.stdout).toMatch(/^ipmi-dead\s+r2\/1\s+ipmi\s+-\s+-\s+-\s+Bmc(Unreachable|Timeout)Error: host ipmi-dead/m);
    expect(text.stdout).toMatch(/4 hosts: 3 ok, 1 failed/);

    const rack = await runInProcess(['hardware', 'status', '--inventory', inventoryFile, '--rack', 'r1', '--format', 'json'], env);
    expect(rack.code).toBe(0);
    expect((JSON.parse(rack.stdout) as { hosts: FleetRow[] }).hosts.map((h) => h.host)).toEqual(['ipmi-a', 'ipmi-b']);
  });

  it('names the missing credential per host instead of failing the run', async () => {
    const noPw = { ...env };
    delete noPw['FLEET_B'];
    const result = await runInProcess(['hardware', 'status', '--inventory', inventoryFile, '--rack', 'r1', '--format', 'json'], noPw);
    expect(result.code).toBe(1);
    const hosts = (JSON.parse(result.stdout) as { hosts: FleetRow[] }).hosts;
    expect(hosts.find((h) => h.host === 'ipmi-a')).toMatchObject({ ok: true });
    expect(hosts.find((h) => h.host === 'ipmi-b')!.error).toMatchObject({ kind: 'credentials', message: expect.stringContaining('FLEET_B') as unknown });
  });

  it('with the fleet down, counts no host as answered, names each with why, and gives up on them early', async () => {
    // The stopped ipmi_sim, and a Redfish BMC whose port nobody listens on.
    const dir = mkdtempSync(join(tmpdir(), 'swaybot-fleet-'));
    const down = join(dir, 'down.yaml');
    const deadPort = sims[2]!.port;
    writeFileSync(
      down,
      `hosts:\n  dead-ipmi:\n    bmc: { address: 127.0.0.1, port: ${deadPort}, protocol: ipmi, credentials: { username: admin, password: { env: FLEET_D } } }\n` +
        '    rack: r1\n    position: 1\n    vendor: Sim\n    model: Sim\n' +
        `  dead-rf:\n    bmc: { address: 127.0.0.1, port: ${await freePort()}, protocol: redfish, scheme: http, credentials: { username: admin, password: { env: FLEET_R } } }\n` +
        '    rack: r1\n    position: 2\n    vendor: Sim\n    model: Sim\n',
    );
    const text = await runInProcess(['hardware', 'status', '--inventory', down], env, { stderrTTY: true });
    expect(text.code).toBe(1);
    // The live progress line counts only BMCs that said something.
    expect(text.stderr).toMatch(/2\/2 hosts checked, 0 answered/);
    expect(text.stderr).not.toMatch(/[12]\/2 hosts answered/);
    expect(text.stdout).toMatch(/2 hosts: 0 ok, 2 failed/);
    expect(text.stdout).toContain('did not answer (unreachable: no session or connection): dead-ipmi, dead-rf');

    const json = await runInProcess(['hardware', 'status', '--inventory', down, '--format', 'json'], env);
    const out = JSON.parse(json.stdout) as { summary: { answered: number }; hosts: FleetRow[] };
    expect(out.summary.answered).toBe(0);
    // ipmitool gives up on the silent BMC by itself (short session timeout), well before the
    // 10 s per-request limit would have called it a timeout.
    expect(out.hosts.find((h) => h.host === 'dead-ipmi')!.error).toMatchObject({ kind: 'unreachable' });
  });

  it('rejects an unknown rack and a broken inventory with exit 2 and a clear message', async () => {
    const rack = await runInProcess(['hardware', 'status', '--inventory', inventoryFile, '--rack', 'r9'], env);
    expect(rack.code).toBe(2);
    expect(rack.stderr).toContain('No hosts in rack "r9"; racks: r1, r2');
    const bad = join(mkdtempSync(join(tmpdir(), 'swaybot-fleet-')), 'bad.yaml');
    writeFileSync(bad, 'hosts:\n  x:\n    bmc: { address: a, protocol: snmp, credentials: { username: u, password: { env: P } } }\n    rack: r\n    position: 1\n    vendor: v\n    model: m\n');
    const broken = await runInProcess(['hardware', 'status', '--inventory', bad], env);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/bad\.yaml:3:\d+: hosts\.x\.bmc\.protocol/);
  });
});
