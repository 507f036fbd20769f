import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HardwareError } from '../../hardware/errors/index.js';
import { BmcAuthenticationError, BmcTimeoutError, BmcUnreachableError, BmcUnsupportedError } from '../../hardware/errors/index.js';
import { RedfishClient } from '../../hardware/redfish/client.js';
import { Secret } from '../../hardware/secret.js';
import { DEFAULT_FAKE_SYSTEMS, startSushy, type Sushy } from '../../devstack/sim/sushy.js';

const WRONG = 'Wr0ng-Redfish-Passw0rd';
let sushy: Sushy;
let client: RedfishClient;

const clientFor = (s: Sushy, password = s.password, auth: 'basic' | 'session' = 'basic') =>
  new RedfishClient({ host: 'rf-sim', baseUrl: s.baseUrl, username: s.username, password: new Secret(password), auth }, { timeoutMs: 5000 });

/** Runs `fn`, expecting it to throw; returns the error. */
async function failure(fn: () => Promise<unknown>): Promise<Error> {
  try {
    await fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a failure');
}

beforeAll(async () => {
  sushy = await startSushy();
  client = clientFor(sushy);
});
afterAll(async () => sushy?.dispose());

describe('RedfishClient against sushy-emulator --fake', () => {
  it('discovers every configured system, chassis and manager from the service root', async () => {
    const systems = await client.members('Systems');
    expect(systems.sort()).toEqual(DEFAULT_FAKE_SYSTEMS.map((s) => `/redfish/v1/Systems/${s.uuid}`).sort());
    expect((await client.members('Chassis')).length).toBeGreaterThan(0);
    expect((await client.members('Managers')).length).toBeGreaterThan(0);
  });

  it('powers a system off and on, waiting until the delayed state change shows', async () => {
    const system = `/redfish/v1/Systems/${DEFAULT_FAKE_SYSTEMS[0]!.uuid}`;
    expect(await client.powerState(system)).toBe('On');
    const off = await client.power('off', { system, waitMs: 30_000, pollMs: 500 });
    expect(off).toEqual({ resetType: 'ForceOff', powerState: 'Off' });
    expect(await client.powerState(system)).toBe('Off');
    const on = await client.power('on', { system, waitMs: 30_000, pollMs: 500 });
    expect(on).toEqual({ resetType: 'On', powerState: 'On' });
    expect(await client.powerState(system)).toBe('On');
  });

  it('picks ForceRestart for cycle and reset (the fake driver advertises no PowerCycle)', async () => {
    const system = `/redfish/v1/Systems/${DEFAULT_FAKE_SYSTEMS[1]!.uuid}`;
    await client.power('on', { system, waitMs: 30_000, pollMs: 500 });
    expect(await client.power('cycle', { system, waitMs: 30_000, pollMs: 500 })).toEqual({ resetType: 'ForceRestart', powerState: 'On' });
    expect(await client.power('reset', { system, waitMs: 30_000, pollMs: 500 })).toEqual({ resetType: 'ForceRestart', powerState: 'On' });
  });

  it('maps soft to GracefulShutdown and waits for Off', async () => {
    const system = `/redfish/v1/Systems/${DEFAULT_FAKE_SYSTEMS[1]!.uuid}`;
    // Worst case each change takes ~12 s; one test per few changes stays inside the 60 s test limit.
    expect(await client.power('soft', { system, waitMs: 30_000, pollMs: 500 })).toEqual({ resetType: 'GracefulShutdown', powerState: 'Off' });
  });

  it('gives up with a retryable timeout when the state does not change before the deadline', async () => {
    const system = `/redfish/v1/Systems/${DEFAULT_FAKE_SYSTEMS[0]!.uuid}`;
    // The fake driver applies a change on a later whole second; one read right after the request sees the old state.
    const err = await failure(() => client.power('off', { system, waitMs: 1, pollMs: 100 }));
    expect(err).toBeInstanceOf(BmcTimeoutError);
    expect((err as HardwareError).retryable).toBe(true);
    expect(err.message).toMatch(/host rf-sim: power state is still On, not Off/);
    await client.power('on', { system, waitMs: 30_000, pollMs: 500 });
  });

  it('reads the inventory the fake driver and its templates provide', async () => {
    const inv = await client.inventory(`/redfish/v1/Systems/${DEFAULT_FAKE_SYSTEMS[0]!.uuid}`);
    expect(inv).toMatchObject({ manufacturer: 'Sushy Emulator', model: '3500RX', serialNumber: '437XR1138R2', biosVersion: null, bmcFirmware: '1.00' });
    expect(inv.processors.health).toBe('OK');
    expect(inv.memory.health).toBe('OK');
  });

  it('parses temperatures and fans with units, status and thresholds', async () => {
    const readings = await client.thermal();
    const cpu = readings.find((r) => r.name === 'CPU Temp');
    expect(cpu).toMatchObject({ kind: 'temperature', reading: 41, units: 'Cel', status: 'OK', thresholds: { upperNonCritical: 42, upperCritical: 45, upperFatal: 48, lowerCritical: null } });
    const fan = readings.find((r) => r.kind === 'fan');
    expect(fan).toMatchObject({ reading: 2100, units: 'RPM', thresholds: { lowerFatal: 0 } });
  });

  it('rejects wrong credentials with a non-retryable error that names the host but not the password', async () => {
    const err = await failure(() => clientFor(sushy, WRONG).members('Systems'));
    expect(err).toBeInstanceOf(BmcAuthenticationError);
    expect((err as HardwareError).retryable).toBe(false);
    expect(err.message).toContain('rf-sim');
    expect(`${err.message} ${err.stack ?? ''} ${inspect(err)}`).not.toContain(WRONG);
  });

  it('reports session auth as unsupported where the BMC has no SessionService', async () => {
    const err = await failure(() => clientFor(sushy, sushy.password, 'session').members('Systems'));
    expect(err).toBeInstanceOf(BmcUnsupportedError);
    expect(err.message).toMatch(/no SessionService/);
  });

  it('reports a stopped emulator as a retryable unreachable error naming the host', async () => {
    const other = await startSushy({ auth: false });
    await other.dispose();
    const err = await failure(() => clientFor(other).members('Systems'));
    expect(err).toBeInstanceOf(BmcUnreachableError);
    expect((err as HardwareError).retryable).toBe(true);
    expect(err.message).toMatch(new RegExp(`host rf-sim \\(127\\.0\\.0\\.1:${other.port}\\).*ECONNREFUSED`));
  });
});
