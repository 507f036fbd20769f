import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CredentialsError } from '../../hardware/credentials.js';
import { BmcAuthenticationError, BmcUnsupportedError } from '../../hardware/errors/index.js';
import { hostClient, type HostClient } from '../../hardware/host-client.js';
import { parseInventory, type Inventory } from '../../hardware/inventory.js';
import { startIpmiSim, type IpmiSim } from '../../devstack/sim/ipmi-sim.js';
import { startSushy, type Sushy } from '../../devstack/sim/sushy.js';

// One HostClient surface over a real ipmi_sim and a real sushy-emulator --fake.
let ipmi: IpmiSim;
let sushy: Sushy;
let inventory: Inventory;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  [ipmi, sushy] = await Promise.all([startIpmiSim(), startSushy()]);
  const host = (bmc: string, pos: number) => `    bmc: ${bmc}\n    rack: r1\n    position: ${pos}\n    vendor: Sim\n    model: Sim\n`;
  inventory = parseInventory(
    'hosts:\n' +
      `  ipmi-01:\n${host(`{ address: 127.0.0.1, port: ${ipmi.port}, protocol: ipmi, credentials: { username: ${ipmi.username}, password: { env: HC_IPMI_PW } } }`, 1)}` +
      `  rf-01:\n${host(`{ address: 127.0.0.1, port: ${sushy.port}, protocol: redfish, scheme: http, credentials: { username: ${sushy.username}, password: { env: HC_RF_PW } } }`, 2)}`,
  );
  env = { HC_IPMI_PW: ipmi.password, HC_RF_PW: sushy.password };
});
afterAll(async () => Promise.all([ipmi?.dispose(), sushy?.dispose()]));

const client = (name: string, e: NodeJS.ProcessEnv = env): HostClient => hostClient(inventory.hosts.get(name)!, { env: e, timeoutMs: 10_000 });

describe.each(['ipmi-01', 'rf-01'])('hostClient(%s)', (name) => {
  it('reads power, sensors with health, and what the hardware is', async () => {
    const c = client(name);
    expect(c.protocol).toBe(name.startsWith('ipmi') ? 'ipmi' : 'redfish');
    expect(await c.powerStatus()).toBe('on');
    const sensors = await c.sensors();
    expect(sensors.length).toBeGreaterThan(1);
    expect(sensors.find((s) => s.name === 'CPU Temp')).toMatchObject({ value: name.startsWith('ipmi') ? 45 : 41, health: 'ok' });
    const inv = await c.inventory();
    expect(inv.manufacturer).toBe(name.startsWith('ipmi') ? 'Swaybot Labs' : 'Sushy Emulator');
    expect(inv.serialNumber).toBeTruthy();
  });

  it('turns the identify light on and off', async () => {
    await expect(client(name).identify('on')).resolves.toBeUndefined();
    await expect(client(name).identify('off')).resolves.toBeUndefined();
  });

  it('reads the password when called, so a changed variable takes effect and a missing one names the host', async () => {
    const c = client(name, {});
    const missing = await c.powerStatus().catch((e: unknown) => e as Error);
    expect(missing).toBeInstanceOf(CredentialsError);
    expect((missing as Error).message).toMatch(new RegExp(`host ${name}: environment variable HC_`));
    const wrong = await client(name, { HC_IPMI_PW: 'Wr0ng-pw-123', HC_RF_PW: 'Wr0ng-pw-123' }).powerStatus().catch((e: unknown) => e as Error);
    expect(wrong).toBeInstanceOf(BmcAuthenticationError);
    expect((wrong as Error).message).not.toContain('Wr0ng-pw-123');
  });
});

describe('power and events', () => {
  it('IPMI: setPower sends the chassis command and returns at once; the state follows', async () => {
    const c = client('ipmi-01');
    expect(await c.setPower('off')).toEqual({ action: 'off', sent: 'chassis power off' });
    expect(await c.powerStatus()).toBe('off');
    await c.setPower('on');
    expect(await c.powerStatus()).toBe('on');
    expect(await ipmi.chassisLog()).toEqual(expect.arrayContaining(['set power 0', 'set power 1']));
  });

  it('Redfish: setPower names the ResetType it chose', async () => {
    expect(await client('rf-01').setPower('off')).toEqual({ action: 'off', sent: 'ComputerSystem.Reset ForceOff' });
  });

  it('IPMI: events come from the SEL', async () => {
    const events = await client('ipmi-01').events();
    expect(events[0]).toMatchObject({ id: '0x0001', severity: null });
    expect(events[0]!.message).toMatch(/Upper Critical going high/);
  });

  it('Redfish: a BMC without LogServices says so (not an empty list)', async () => {
    await expect(client('rf-01').events()).rejects.toBeInstanceOf(BmcUnsupportedError);
  });
});
