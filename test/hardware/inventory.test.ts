import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../config/schema.js';
import { getHost, InventoryError, loadInventory, parseInventory } from '../../hardware/inventory.js';

const GOOD = `hosts:
  web-01:
    bmc:
      address: 10.0.0.11
      port: 623
      protocol: ipmi
      credentials:
        username: root
        password: { env: WEB01_BMC_PASSWORD }
      cipherSuite: 17
    rack: r1
    position: 12
    vendor: Dell
    model: PowerEdge R650
  db-01:
    bmc:
      address: idrac-db-01.example.net
      protocol: redfish
      credentials:
        username: ops
        password: { file: /etc/swaybot/db-01.pass }
    rack: r2
    position: 3
    vendor: Dell
    model: PowerEdge R750
`;

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InventoryError);
    return (err as Error).message;
  }
  throw new Error('expected an InventoryError');
}

describe('inventory', () => {
  it('loads hosts with their BMC, rack and credential references', () => {
    const inv = parseInventory(GOOD, 'fleet.yaml');
    expect([...inv.hosts.keys()]).toEqual(['web-01', 'db-01']);
    const web = getHost(inv, 'web-01');
    expect(web.bmc).toMatchObject({ address: '10.0.0.11', port: 623, protocol: 'ipmi', cipherSuite: 17 });
    expect(web.bmc.credentials.password).toEqual({ env: 'WEB01_BMC_PASSWORD' });
    expect(getHost(inv, 'db-01').bmc.credentials.password).toEqual({ file: '/etc/swaybot/db-01.pass' });
  });

  it('names file and line of a wrong field', () => {
    const bad = GOOD.replace('protocol: ipmi', 'protocol: snmp').replace('position: 3', 'position: three');
    const msg = errorOf(() => parseInventory(bad, 'fleet.yaml'));
    expect(msg).toMatch(/fleet\.yaml:6:\d+: hosts\.web-01\.bmc\.protocol:/);
    expect(msg).toMatch(/fleet\.yaml:23:\d+: hosts\.db-01\.position:/);
  });

  it('rejects a password written inline, pointing at its line', () => {
    const bad = GOOD.replace('password: { env: WEB01_BMC_PASSWORD }', 'password: hunter2');
    const msg = errorOf(() => parseInventory(bad, 'fleet.yaml'));
    expect(msg).toMatch(/fleet\.yaml:9:\d+: hosts\.web-01\.bmc\.credentials\.password/);
    expect(msg).not.toContain('hunter2');
  });

  it('reports a missing field at its parent and an unknown key', () => {
    const bad = GOOD.replace('    vendor: Dell\n    model: PowerEdge R650\n', '    vendr: Dell\n    model: PowerEdge R650\n');
    const msg = errorOf(() => parseInventory(bad, 'fleet.yaml'));
    expect(msg).toMatch(/fleet\.yaml:3:\d+: hosts\.web-01\.vendor:/);
    expect(msg).toMatch(/vendr/);
  });

  it('reports YAML syntax errors with a line and unknown hosts by name', () => {
    expect(errorOf(() => parseInventory('hosts:\n  a: [1,\n', 'x.yaml'))).toMatch(/x\.yaml:\d+:\d+/);
    expect(errorOf(() => getHost(parseInventory(GOOD), 'web-99'))).toMatch(/unknown host "web-99".*web-01/);
  });

  it('loads from a file and names the file when it is missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'inv-'));
    writeFileSync(join(dir, 'fleet.yaml'), GOOD);
    expect(loadInventory(join(dir, 'fleet.yaml')).hosts.size).toBe(2);
    expect(errorOf(() => loadInventory(join(dir, 'nope.yaml')))).toMatch(/nope\.yaml: ?.*ENOENT|nope\.yaml.*ENOENT/);
  });

  it('defaults to the drill fleet: five loopback hosts whose passwords are referenced, not written', () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const inv = loadInventory(resolve(root, configSchema.parse({}).hardware.inventory));
    expect([...inv.hosts.keys()].sort()).toEqual(['drill-db-01', 'drill-db-02', 'drill-web-01', 'drill-web-02', 'drill-web-03']);
    for (const host of inv.hosts.values()) {
      expect(host.bmc.address).toBe('127.0.0.1');
      expect(host.bmc.credentials.password).toEqual({ env: `SWAYBOT_DRILL_${host.bmc.protocol.toUpperCase()}_PASSWORD` });
    }
  });
});
