import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IpmiClient } from '../../hardware/ipmi/client.js';
import { Secret } from '../../hardware/secret.js';
import { startIpmiSim, type IpmiSim } from '../../devstack/sim/ipmi-sim.js';

// Every action against a real OpenIPMI ipmi_sim on loopback (started per file).
let sim: IpmiSim;
let client: IpmiClient;

beforeAll(async () => {
  sim = await startIpmiSim();
  client = new IpmiClient(
    { host: 'sim-01', address: sim.address, port: sim.port, username: sim.username, password: new Secret(sim.password), cipherSuite: 3 },
    { timeoutMs: 10_000 },
  );
});

afterAll(async () => {
  await sim?.dispose();
});

/** ipmi_sim applies the second half of a power cycle on a 1 s timer; poll until the state shows. */
async function eventuallyPower(state: 'on' | 'off'): Promise<void> {
  for (let i = 0; i < 40; i++) {
    if ((await client.powerStatus()) === state) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  expect(await client.powerStatus()).toBe(state);
}

describe('IpmiClient against ipmi_sim', () => {
  it('powers off and on, and the status follows', async () => {
    expect(await client.powerStatus()).toBe('on');
    await client.power('off');
    expect(await client.powerStatus()).toBe('off');
    expect((await client.chassisStatus()).power).toBe('off');
    await client.power('on');
    expect(await client.powerStatus()).toBe('on');
  });

  it('power cycle goes off and comes back on; soft off turns the host off', async () => {
    const before = (await sim.chassisLog()).length;
    await client.power('cycle');
    await eventuallyPower('on');
    // The BMC really turned power off and then on again (not a no-op).
    expect((await sim.chassisLog()).slice(before)).toEqual(['set power 0', 'set power 1']);
    await client.power('reset');
    expect(await client.powerStatus()).toBe('on');
    const beforeSoft = (await sim.chassisLog()).length;
    await client.power('soft');
    expect((await sim.chassisLog()).slice(beforeSoft)).toEqual(['set shutdown 1']);
    expect(await client.powerStatus()).toBe('off');
    await client.power('on');
    expect(await client.powerStatus()).toBe('on');
  });

  it('reads chassis status fields', async () => {
    const status = await client.chassisStatus();
    expect(status.power).toBe('on');
    expect(status.fields).toMatchObject({ 'System Power': 'on', 'Chassis Intrusion': 'inactive' });
  });

  it('identify and boot device round-trip', async () => {
    await client.identify(5);
    await client.identify(0);
    const log = await sim.chassisLog();
    expect(log.filter((l) => l.startsWith('set identify'))).toEqual(['set identify 5 0', 'set identify 0 0']);
    await client.setBootDevice('pxe');
    expect(await client.bootDevice()).toMatch(/PXE/);
    await client.setBootDevice('disk');
    expect(await client.bootDevice()).toMatch(/Hard-Drive/);
  });

  it('lists and clears the SEL', async () => {
    const entries = await client.selList();
    expect(entries.length).toBeGreaterThanOrEqual(1);
    expect(entries[0]).toMatchObject({ id: 1, direction: 'Asserted' });
    expect(entries[0]?.event).toMatch(/Upper Critical going high/);
    await client.selClear();
    // Clearing is asynchronous on real BMCs; ipmi_sim erases at once, but poll to stay honest.
    for (let i = 0; i < 20 && (await client.selList()).length > 0; i++) await new Promise((r) => setTimeout(r, 250));
    expect(await client.selList()).toEqual([]);
  });

  it('parses sensor readings with values, units, status and thresholds', async () => {
    const sensors = await client.sensors();
    expect(sensors.map((s) => s.name)).toEqual(['Inlet Temp', 'CPU Temp', 'System Power']);
    expect(sensors[1]).toMatchObject({
      name: 'CPU Temp', value: 45, unit: 'degrees C', status: 'ok',
      thresholds: { upperNonCritical: 75, upperCritical: 90, upperNonRecoverable: 105, lowerCritical: null },
    });
    expect(sensors[2]).toMatchObject({ value: 250, unit: 'Watts' });
  });

  it('parses FRU inventory', async () => {
    const [device] = await client.fru();
    expect(device?.description).toMatch(/Builtin FRU Device/);
    expect(device?.fields).toMatchObject({
      'Product Manufacturer': 'Swaybot Labs', 'Product Name': 'SimServer 1U', 'Product Serial': 'SN0001',
      'Board Serial': 'BRD0001', 'Chassis Type': 'Rack Mount Chassis',
    });
  });
});
