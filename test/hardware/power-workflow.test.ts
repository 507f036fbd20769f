/**
 * hardware.power through the interpreter on the real dev server against real
 * ipmi_sim BMCs: the shipped power-cycle runbook behind an approval, the
 * per-host lock (same host: one power action at a time; different hosts: no
 * waiting), and a wrong password failing once, naming the host, leaking nothing.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import { approve, getStatus } from '../../client/runbooks.js';
import { startPower } from '../../client/hardware-power.js';
import { compileFile } from '../../compiler/index.js';
import { configSchema } from '../../config/schema.js';
import { findTemporalBinary } from '../../devstack/temporal-binary.js';
import { startIpmiSim, type IpmiSim } from '../../devstack/sim/ipmi-sim.js';
import type { Plan } from '../../plan/types.js';
import { hostLockState, hostLockWorkflowId, type HostLockState } from '../../workflows/host-lock-messages.js';
import { eventually, runFailure, stepIs, withWorker, type Harness } from '../support-interpreter/harness.js';
import { powerIntervals, type Interval } from './power-history.js';

const run = promisify(execFile);
const PASSWORD = `sim-Pw-${Math.random().toString(36).slice(2, 10)}`;
const WRONG = `wrong-Pw-${Math.random().toString(36).slice(2, 10)}`;
const suffix = Math.random().toString(36).slice(2, 7);
const A = `sim-a-${suffix}`;
const B = `sim-b-${suffix}`;
const BAD = `sim-bad-${suffix}`;
const CYCLE = 'power-cycle-the-host';

let simA: IpmiSim;
let simB: IpmiSim;
let inventory: string;
let plan: Plan;

beforeAll(async () => {
  [simA, simB] = await Promise.all([startIpmiSim({ password: PASSWORD }), startIpmiSim({ password: PASSWORD })]);
  process.env['SWAYBOT_TEST_BMC_PASSWORD'] = PASSWORD;
  process.env['SWAYBOT_TEST_BMC_WRONG'] = WRONG;
  const host = (sim: IpmiSim, env: string) =>
    `    bmc: { address: 127.0.0.1, port: ${sim.port}, protocol: ipmi, credentials: { username: ${sim.username}, password: { env: ${env} } } }\n` +
    '    rack: test-r1\n    position: 1\n    vendor: Sim\n    model: ipmi_sim\n';
  const dir = await mkdtemp(join(tmpdir(), 'swaybot-hw-'));
  inventory = join(dir, 'inventory.yaml');
  await writeFile(inventory, `hosts:\n  ${A}:\n${host(simA, 'SWAYBOT_TEST_BMC_PASSWORD')}  ${B}:\n${host(simB, 'SWAYBOT_TEST_BMC_PASSWORD')}  ${BAD}:\n${host(simA, 'SWAYBOT_TEST_BMC_WRONG')}`);
  plan = (await compileFile(join(import.meta.dirname, '..', '..', 'runbooks', 'power-cycle-host.md'))).plan!;
});

afterAll(async () => {
  await Promise.all([simA?.dispose(), simB?.dispose()]);
});

const hardwareConfig = () => ({ config: { hardware: { ...configSchema.parse({}).hardware, inventory } } });

/**
 * Everything `temporal workflow show -o json` prints for a workflow, with every
 * payload's base64 `data` decoded in place, so a secret inside a payload shows.
 */
async function showJson(h: Harness, workflowId: string): Promise<string> {
  const { stdout } = await run(findTemporalBinary(), ['workflow', 'show', '--address', h.address, '-w', workflowId, '-o', 'json'], { maxBuffer: 64 << 20 });
  const decoded = stdout.replace(/"data":\s*"([A-Za-z0-9+/=]*)"/g, (_, b64: string) => `"data": ${Buffer.from(b64, 'base64').toString('utf8')}`);
  return `${stdout}\n${decoded}`;
}

const lockOf = (client: Client, host: string): Promise<HostLockState> => client.workflow.getHandle(hostLockWorkflowId(host)).query(hostLockState);
const overlap = (a: Interval, b: Interval): boolean => a.scheduled < b.closed && b.scheduled < a.closed;

describe('power-cycle-host runbook on ipmi_sim', () => {
  it('serialises power actions on one host, not across hosts, and keeps the password out of history', async () => {
    await withWorker(hardwareConfig(), async (h) => {
      const runs = await Promise.all([A, A, B].map((host) => h.start({ plan, params: { host } })));
      for (const r of runs) await eventually(() => getStatus(h.client, r.workflowId), stepIs(CYCLE, 'awaiting-approval'), `${r.workflowId} awaiting approval`);
      const logA = (await simA.chassisLog()).length;
      // Approve all three at once, so both runs on host A want its lock together.
      await Promise.all(runs.map((r) => approve(h.client, r.workflowId, CYCLE, 'alice', 'drill')));
      const results = await Promise.all(runs.map((r) => r.result()));
      for (const result of results) {
        expect(result.state).toBe('succeeded');
        expect(result.outputs['cycled']).toMatchObject({ state: 'cycle', after: 'on' });
        expect(result.outputs['sensors']).toMatchObject({ sensors: expect.arrayContaining([expect.objectContaining({ name: 'CPU Temp' })]) });
      }

      // Temporal's view: on host A, no two power activities (cycle or on) of the two runs overlap.
      const [a1, a2, b1] = await Promise.all(runs.map((r) => powerIntervals(r)));
      for (const x of a1!) for (const y of a2!) expect(overlap(x, y), `${JSON.stringify(x)} overlaps ${JSON.stringify(y)}`).toBe(false);
      // …while host B's cycle ran at the same time as one of host A's power actions.
      const bCycle = b1!.find((i) => i.activityId === CYCLE)!;
      expect([...a1!, ...a2!].some((a) => overlap(a, bCycle))).toBe(true);

      // The lock's view: four grants on A, each granted after the previous was released, one of them after waiting.
      const lock = await lockOf(h.client, A);
      expect(lock.holder).toBeUndefined();
      expect(lock.recent.map((g) => g.end)).toEqual(['released', 'released', 'released', 'released']);
      for (let i = 1; i < lock.recent.length; i++) expect(lock.recent[i]!.grantedAt).toBeGreaterThanOrEqual(lock.recent[i - 1]!.releasedAt!);
      expect(lock.recent.some((g, i) => i > 0 && g.requestedAt < lock.recent[i - 1]!.releasedAt!)).toBe(true);
      expect((await lockOf(h.client, B)).recent).toHaveLength(2);

      // The BMC's view: every "power off" of a cycle is followed by its "power on", never by another run's off.
      const log = (await simA.chassisLog()).slice(logA).filter((l) => l.startsWith('set power'));
      expect(log.filter((l) => l === 'set power 0')).toHaveLength(2);
      log.forEach((line, i) => line === 'set power 0' && expect(log[i + 1]).toBe('set power 1'));

      for (const id of [...runs.map((r) => r.workflowId), hostLockWorkflowId(A)]) {
        const shown = await showJson(h, id);
        // Only decoded payloads hold these: proof that the search looks inside them.
        expect(shown).toMatch(/"action":"hardware\.power"|"requester":"/);
        expect(shown).not.toContain(PASSWORD);
      }
    });
  });

  it('a wrong password fails the run once, non-retryably, naming the host, with no secret anywhere', async () => {
    await withWorker(hardwareConfig(), async (h) => {
      const before = (await simA.chassisLog()).length;
      const handle = await startPower(h.client, { host: BAD, state: 'cycle', by: 'alice' }, { taskQueue: h.taskQueue });
      // No power change runs without a person's approval, and not the asker's own.
      await eventually(() => getStatus(h.client, handle.workflowId), stepIs('power', 'awaiting-approval'), 'power awaiting approval');
      await approve(h.client, handle.workflowId, 'power', 'bob');
      const failure = await runFailure(handle);
      expect(failure.type).toBe('RunbookFailed');
      expect(failure.message).toContain(BAD);
      const history = await handle.fetchHistory();
      const failed = (history.events ?? []).flatMap((e) => (e.activityTaskFailedEventAttributes ? [e.activityTaskFailedEventAttributes.failure!] : []));
      expect(failed).toHaveLength(1);
      expect(failed[0]!.applicationFailureInfo).toMatchObject({ type: 'BmcAuthenticationError', nonRetryable: true });
      expect(failed[0]!.message).toContain(`host ${BAD}`);
      const attempts = (history.events ?? []).flatMap((e) => (e.activityTaskStartedEventAttributes?.attempt !== undefined ? [e.activityTaskStartedEventAttributes.attempt] : []));
      expect(attempts.filter((n) => (n ?? 0) > 1)).toEqual([]);
      // The lock was released although the step failed, and the BMC never saw a power command.
      expect((await lockOf(h.client, BAD)).recent.map((g) => g.end)).toEqual(['released']);
      expect((await simA.chassisLog()).slice(before)).toEqual([]);
      const shown = await showJson(h, handle.workflowId);
      expect(shown).toContain('BmcAuthenticationError');
      for (const secret of [WRONG, PASSWORD]) {
        expect(shown).not.toContain(secret);
        expect(failure.message).not.toContain(secret);
        expect(JSON.stringify(failed)).not.toContain(secret);
      }
    });
  });
});
