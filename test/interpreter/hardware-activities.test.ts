/**
 * The hardware activities alone (MockActivityEnvironment), against a real
 * ipmi_sim and a real unused port: what each failure looks like to Temporal
 * (type, retryability, host named, no secret), that the inventory is read
 * only when a hardware call needs it, and that the production BMC path knows
 * no drill password.
 */
import { createSocket } from 'node:dgram';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import type { EventsOutput, InventoryOutput, SensorsOutput } from '../../actions/index.js';
import { bmcFromEnv, createHardwareActivities } from '../../activities/hardware/index.js';
import { DRILL_CREDENTIALS_ENV } from '../../devstack/drill/credentials.js';
import { startIpmiSim, type IpmiSim } from '../../devstack/sim/ipmi-sim.js';

const PASSWORD = `act-Pw-${Math.random().toString(36).slice(2, 10)}`;
let sim: IpmiSim;
let inventory: string;
let deadPort: number;

beforeAll(async () => {
  sim = await startIpmiSim({ password: PASSWORD });
  // A UDP port that was free a moment ago: nothing answers there.
  const socket = createSocket('udp4');
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', () => r()));
  deadPort = socket.address().port;
  socket.close();
  const host = (name: string, port: number, env: string) =>
    `  ${name}:\n    bmc: { address: 127.0.0.1, port: ${port}, protocol: ipmi, credentials: { username: admin, password: { env: ${env} } } }\n    rack: r9\n    position: 4\n    vendor: Sim\n    model: ipmi_sim\n`;
  const dir = await mkdtemp(join(tmpdir(), 'swaybot-hwact-'));
  inventory = join(dir, 'inventory.yaml');
  await writeFile(inventory, `hosts:\n${host('ok-01', sim.port, 'SWAYBOT_TEST_ACT_BMC_PASSWORD')}${host('nopw-01', sim.port, 'SWAYBOT_TEST_ACT_UNSET')}${host('dead-01', deadPort, 'SWAYBOT_TEST_ACT_BMC_PASSWORD')}`);
});

afterAll(async () => {
  await sim?.dispose();
});

const env = () => new MockActivityEnvironment({ activityId: 'step' }, { logger: new DefaultLogger('ERROR') });
// The password reaches the activities through the injected BMC factory only, not process.env.
const bmcFor = bmcFromEnv({ SWAYBOT_TEST_ACT_BMC_PASSWORD: PASSWORD });
const activities = (path = inventory) => createHardwareActivities({ config: { hardware: { inventory: path, concurrency: 4 } }, bmcFor });

async function failureOf(p: Promise<unknown>): Promise<ApplicationFailure> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(ApplicationFailure);
  return err as ApplicationFailure;
}

describe('hardware activities', () => {
  it('read the inventory on first use, not when created', async () => {
    const acts = activities('/nonexistent/inventory.yaml');
    const failure = await failureOf(env().run(acts.hardwareSensors, { host: 'ok-01' }));
    expect(failure).toMatchObject({ type: 'InventoryError', nonRetryable: true });
    expect(failure.message).toContain('cannot read inventory /nonexistent/inventory.yaml');
  });

  it('report sensors, inventory and events of a real BMC', async () => {
    const acts = activities();
    const sensors = (await env().run(acts.hardwareSensors, { host: 'ok-01' })) as SensorsOutput;
    expect(sensors.sensors.map((s) => s.name)).toContain('CPU Temp');
    const inv = (await env().run(acts.hardwareInventory, { host: 'ok-01' })) as InventoryOutput;
    expect(inv).toMatchObject({ host: 'ok-01', protocol: 'ipmi', rack: 'r9', position: 4, power: 'on' });
    expect(inv.bmc).toMatchObject({ manufacturer: 'Swaybot Labs', model: 'SimServer 1U', serialNumber: 'SN0001' });
    const events = (await env().run(acts.hardwareEvents, { host: 'ok-01' })) as EventsOutput;
    expect(events.cleared).toBe(false);
    expect(events.events[0]?.message).toMatch(/Upper Critical going high/);
  });

  it('clear the event log only when asked, returning what was in it', async () => {
    const acts = activities();
    const cleared = (await env().run(acts.hardwareEvents, { host: 'ok-01', clear: true })) as EventsOutput;
    expect(cleared.cleared).toBe(true);
    expect(cleared.events.length).toBeGreaterThanOrEqual(1);
    const after = (await env().run(acts.hardwareEvents, { host: 'ok-01' })) as EventsOutput;
    // Clearing logs one "Log area reset/cleared" entry on most BMCs; the old entries are gone.
    expect(after.events.some((e) => /Upper Critical going high/.test(e.message))).toBe(false);
  });

  it('fail non-retryably for an unknown host, a missing password and bad arguments', async () => {
    const acts = activities();
    const unknown = await failureOf(env().run(acts.hardwarePower, { host: 'nope-01', state: 'on' }));
    expect(unknown).toMatchObject({ type: 'InventoryError', nonRetryable: true });
    expect(unknown.message).toContain('unknown host "nope-01"');
    const nopw = await failureOf(env().run(acts.hardwarePower, { host: 'nopw-01', state: 'on' }));
    expect(nopw).toMatchObject({ type: 'CredentialsError', nonRetryable: true, details: [{ host: 'nopw-01' }] });
    expect(nopw.message).toBe('host nopw-01: environment variable SWAYBOT_TEST_ACT_UNSET (BMC password) is not set');
    const bad = await failureOf(env().run(acts.hardwarePower, { host: 'ok-01', state: 'sideways' }));
    expect(bad).toMatchObject({ type: 'InvalidArguments', nonRetryable: true });
    expect(bad.message).toContain('state');
  });

  it('fail retryably when nothing answers at the BMC address, naming the host and not the password', async () => {
    const failure = await failureOf(env().run(activities().hardwareSensors, { host: 'dead-01' }));
    expect(['BmcUnreachableError', 'BmcTimeoutError']).toContain(failure.type);
    expect(failure.nonRetryable).toBe(false);
    expect(failure.details).toEqual([{ host: 'dead-01', kind: failure.type === 'BmcTimeoutError' ? 'timeout' : 'unreachable' }]);
    expect(failure.message).toContain('dead-01');
    expect(JSON.stringify({ m: failure.message, d: failure.details })).not.toContain(PASSWORD);
  });

  it('in production (no bmcFor given), need the drill passwords in the environment, naming the variable', async () => {
    const saved = Object.keys(DRILL_CREDENTIALS_ENV).map((name) => [name, process.env[name]] as const);
    for (const [name] of saved) delete process.env[name];
    try {
      const drillInventory = fileURLToPath(new URL('../../devstack/drill/inventory.yaml', import.meta.url));
      const acts = createHardwareActivities({ config: { hardware: { inventory: drillInventory, concurrency: 4 } } });
      const ipmi = await failureOf(env().run(acts.hardwareSensors, { host: 'drill-web-01' }));
      expect(ipmi).toMatchObject({ type: 'CredentialsError', nonRetryable: true });
      expect(ipmi.message).toBe('host drill-web-01: environment variable SWAYBOT_DRILL_IPMI_PASSWORD (BMC password) is not set');
      const redfish = await failureOf(env().run(acts.hardwareInventory, { host: 'drill-db-01' }));
      expect(redfish.message).toBe('host drill-db-01: environment variable SWAYBOT_DRILL_REDFISH_PASSWORD (BMC password) is not set');
      for (const password of Object.values(DRILL_CREDENTIALS_ENV)) expect(JSON.stringify({ m: [ipmi.message, redfish.message], d: [ipmi.details, redfish.details] })).not.toContain(password);
    } finally {
      for (const [name, value] of saved) if (value !== undefined) process.env[name] = value;
    }
  });
});
