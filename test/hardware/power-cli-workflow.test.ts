/**
 * `swaybot hardware power` end to end: the real CLI process starts a run on the
 * real dev server, an ops worker in this test powers a real ipmi_sim, and the
 * CLI follows the run to its end (after an approval by someone other than who asked).
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approve, getStatus } from '../../client/runbooks.js';
import { configSchema } from '../../config/schema.js';
import { startIpmiSim, type IpmiSim } from '../../devstack/sim/ipmi-sim.js';
import { cliEnv, startCli } from '../cli/cli.js';
import { eventually, stepIs, withWorker } from '../support-interpreter/harness.js';

const PASSWORD = `cli-Pw-${Math.random().toString(36).slice(2, 10)}`;
const HOST = `cli-sim-${Math.random().toString(36).slice(2, 7)}`;
let sim: IpmiSim;
let inventory: string;

beforeAll(async () => {
  sim = await startIpmiSim({ password: PASSWORD });
  process.env['SWAYBOT_TEST_CLI_BMC_PASSWORD'] = PASSWORD;
  const dir = await mkdtemp(join(tmpdir(), 'swaybot-hwcli-'));
  inventory = join(dir, 'inventory.yaml');
  await writeFile(inventory, [
    'hosts:',
    `  ${HOST}:`,
    `    bmc: { address: 127.0.0.1, port: ${sim.port}, protocol: ipmi, credentials: { username: ${sim.username}, password: { env: SWAYBOT_TEST_CLI_BMC_PASSWORD } } }`,
    '    rack: test-r2',
    '    position: 3',
    '    vendor: Sim',
    '    model: ipmi_sim',
    '',
  ].join('\n'));
});

afterAll(async () => {
  await sim?.dispose();
});

describe('swaybot hardware power', () => {
  it('cycles a host and powers it off, each after an approval by someone else, following each run to its end', async () => {
    await withWorker({ config: { hardware: { ...configSchema.parse({}).hardware, inventory } } }, async (h) => {
      const env = cliEnv({ taskQueue: h.taskQueue, address: h.address, extra: { SWAYBOT_HARDWARE_INVENTORY: inventory } }); // the CLI checks the host against the same inventory as the worker
      const before = (await sim.chassisLog()).length;
      // `--yes` no longer skips the gate: bob approves what alice asked for.
      const cycling = startCli(['hardware', 'power', HOST, 'cycle', '--as', 'alice'], env);
      const [, cycleId] = (await cycling.waitFor(/as (hardware-power-\S+) \(waiting for approval\)/)) as unknown as [string, string];
      await eventually(() => getStatus(h.client, cycleId), stepIs('power', 'awaiting-approval'), 'cycle awaiting approval');
      await approve(h.client, cycleId, 'power', 'bob');
      const cycled = await cycling.exited;
      expect(cycled.stdout).toContain(`Started power cycle of ${HOST}`);
      expect(cycled.stdout).toContain(`${HOST}: power cycle done (was on, now on)`);
      expect(cycled.code).toBe(0);
      expect((await sim.chassisLog()).slice(before)).toEqual(['set power 0', 'set power 1']);

      const beforeOff = (await sim.chassisLog()).length;
      const off = startCli(['hardware', 'power', HOST, 'off', '--as', 'alice'], env);
      const [, workflowId] = (await off.waitFor(/as (hardware-power-\S+) \(waiting for approval\)/)) as unknown as [string, string];
      await eventually(() => getStatus(h.client, workflowId), stepIs('power', 'awaiting-approval'), 'power step awaiting approval');
      expect((await getStatus(h.client, workflowId)).steps[0]?.prompt).toBe(`Power off ${HOST}? (asked by alice)`);
      await approve(h.client, workflowId, 'power', 'bob');
      const done = await off.exited;
      expect(done.stdout).toContain(`${HOST}: power off done (was on, now off)`);
      expect(done.code).toBe(0);
      expect((await sim.chassisLog()).slice(beforeOff)).toEqual(['set power 0']);
    });
  });

  it('rejects an unknown power state as a usage error', async () => {
    const result = await startCli(['hardware', 'power', HOST, 'sideways'], cliEnv()).exited;
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Unexpected power state `sideways`, expected one of on, off, cycle, reset, soft');
  });
});
