/**
 * Host events in the ledger: power changes and a cleared BMC event log, run through the
 * interpreter on the real dev server against a real ipmi_sim, land as `host.*` events about
 * `host:<name>` (who approved, what was asked, before/after or the failure, no secret), and
 * `swaybot ledger events` finds them by host, and a run's events by runbook id or workflow id.
 */
import { mkdtempSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPower } from '../../client/hardware-power.js';
import { approve, getStatus } from '../../client/runbooks.js';
import { configSchema } from '../../config/schema.js';
import { startIpmiSim, type IpmiSim } from '../../devstack/sim/ipmi-sim.js';
import { EmbeddedLedger, type LedgerEvent } from '../../ledger/index.js';
import type { ActionStep } from '../../plan/types.js';
import { cliEnv } from '../cli/cli.js';
import { runInProcess } from '../cli/in-process.js';
import { eventually, runFailure, stepIs, withWorker } from '../support-interpreter/harness.js';
import { activity, approval, directory, plan } from '../support-interpreter/plans.js';

const PASSWORD = `hev-Pw-${Math.random().toString(36).slice(2, 10)}`;
const WRONG = `hev-Wrong-${Math.random().toString(36).slice(2, 10)}`;
const suffix = Math.random().toString(36).slice(2, 7);
const HOST = `hev-ok-${suffix}`;
const BAD = `hev-bad-${suffix}`;

let sim: IpmiSim;
let inventory: string;

beforeAll(async () => {
  sim = await startIpmiSim({ password: PASSWORD });
  process.env['SWAYBOT_TEST_HEV_PASSWORD'] = PASSWORD;
  process.env['SWAYBOT_TEST_HEV_WRONG'] = WRONG;
  const host = (name: string, env: string) =>
    `  ${name}:\n    bmc: { address: 127.0.0.1, port: ${sim.port}, protocol: ipmi, credentials: { username: ${sim.username}, password: { env: ${env} } } }\n` +
    '    rack: hev-r1\n    position: 3\n    vendor: Sim\n    model: ipmi_sim\n';
  inventory = join(await mkdtemp(join(tmpdir(), 'swaybot-hev-')), 'inventory.yaml');
  await writeFile(inventory, `hosts:\n${host(HOST, 'SWAYBOT_TEST_HEV_PASSWORD')}${host(BAD, 'SWAYBOT_TEST_HEV_WRONG')}`);
});

afterAll(async () => {
  await sim?.dispose();
});

const hardwareConfig = () => ({ hardware: { ...configSchema.parse({}).hardware, inventory } });
const ids = (stdout: string): string[] => (JSON.parse(stdout) as LedgerEvent[]).map((e) => e.id);

describe('host events in the ledger', () => {
  it('records power changes and a cleared event log about the host, with who approved and the outcome', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'swaybot-hev-ledger-')), 'ledger');
    const ledger = await EmbeddedLedger.open({ dir });
    try {
      await withWorker({ config: hardwareConfig(), ledger }, async (h) => {
        const options = { taskQueue: h.taskQueue, directory };
        // Approved by a person: the approver is the actor.
        const cycle = await startPower(h.client, { host: HOST, state: 'cycle', by: 'carol', confirmed: false, wait: '60s' }, options);
        await eventually(() => getStatus(h.client, cycle.workflowId), stepIs('power', 'awaiting-approval'), 'power awaiting approval');
        await approve(h.client, cycle.workflowId, 'power', 'alice', 'drill');
        expect((await cycle.result()).state).toBe('succeeded');
        // Approved, with a password the BMC refuses: a failed change is a host event too.
        const refused = await startPower(h.client, { host: BAD, state: 'off', by: 'bob' }, options);
        await eventually(() => getStatus(h.client, refused.workflowId), stepIs('power', 'awaiting-approval'), 'power awaiting approval');
        await approve(h.client, refused.workflowId, 'power', 'alice');
        expect((await runFailure(refused)).type).toBe('RunbookFailed');
        // Clearing the event log changes the host; reading it does not. Clearing needs an approval.
        const events = (id: string, clear: boolean): ActionStep => ({
          ...activity(id, 'hardwareEvents', { host: HOST, clear }),
          action: 'hardware.events',
          ...(clear ? { approval: approval() } : {}),
        });
        const sel = await h.start({ plan: plan('clear-sel', [events('read-sel', false), events('clear-sel', true)]) });
        await eventually(() => getStatus(h.client, sel.workflowId), stepIs('clear-sel', 'awaiting-approval'), 'clear-sel awaiting approval');
        await approve(h.client, sel.workflowId, 'clear-sel', 'alice');
        expect((await sel.result()).state).toBe('succeeded');

        const onHost = await ledger.query({ subject: { kind: 'host', id: HOST } });
        expect(onHost.map((e) => `${e.type} ${e.actor}`)).toEqual(['host.power.changed alice', 'host.eventlog.cleared alice']);
        expect(onHost[0]).toMatchObject({
          id: expect.stringContaining(`${cycle.workflowId}@`) as string,
          payload: {
            host: HOST,
            action: 'hardware.power',
            state: 'cycle',
            approvedBy: 'alice',
            approvalReason: 'drill',
            before: 'on',
            after: 'on',
            runbookId: 'hardware-power',
            workflowId: cycle.workflowId,
            step: 'power',
          },
        });
        expect(onHost[1]).toMatchObject({ payload: { action: 'hardware.events', clear: true, approvedBy: 'alice', step: 'clear-sel' } });
        expect((onHost[1]!.payload as { entries: unknown }).entries).toEqual(expect.any(Number));

        const onBad = await ledger.query({ subject: { kind: 'host', id: BAD } });
        expect(onBad.map((e) => `${e.type} ${e.actor}`)).toEqual(['host.power.failed alice']);
        const failed = onBad[0]!.payload as Record<string, string>;
        expect(failed).toMatchObject({ state: 'off', approvedBy: 'alice', workflowId: refused.workflowId });
        expect(failed['error']).toContain('BmcAuthenticationError');
        expect(JSON.stringify(onBad)).not.toContain(WRONG);
        expect(JSON.stringify(onHost)).not.toContain(PASSWORD);
        expect((await ledger.verify()).ok).toBe(true);

        // The CLI, read-only beside the running writer: by host, by runbook id, by workflow id.
        const env = cliEnv();
        const byHost = await runInProcess(['ledger', 'events', '--dir', dir, '--subject', `host:${HOST}`, '--format', 'json'], env);
        expect(byHost.stderr).toBe('');
        expect(ids(byHost.stdout)).toEqual(onHost.map((e) => e.id));
        const table = await runInProcess(['ledger', 'events', '--dir', dir, '--subject', `host:${HOST}`, '--from', '1h'], env);
        expect(table.stdout).toMatch(new RegExp(`host\\.power\\.changed\\s+host:${HOST}\\s+alice`));

        const byRunbook = JSON.parse((await runInProcess(['ledger', 'events', '--dir', dir, '--subject', 'runbook:hardware-power', '--format', 'json'], env)).stdout) as LedgerEvent[];
        expect(new Set(byRunbook.map((e) => e.subject.id))).toEqual(new Set([cycle.workflowId, refused.workflowId]));
        expect(byRunbook.map((e) => e.type)).toEqual(expect.arrayContaining(['runbook.run.started', 'runbook.step.approved', 'runbook.run.failed']));
        const byRun = JSON.parse((await runInProcess(['ledger', 'events', '--dir', dir, '--subject', `runbook:${refused.workflowId}`, '--format', 'json'], env)).stdout) as LedgerEvent[];
        expect(byRun.length).toBeGreaterThan(0);
        expect(byRun.every((e) => e.subject.id === refused.workflowId)).toBe(true);
        const limited = await runInProcess(['ledger', 'events', '--dir', dir, '--subject', 'runbook:hardware-power', '--limit', '2', '--format', 'json'], env);
        expect(ids(limited.stdout)).toEqual(byRunbook.slice(0, 2).map((e) => e.id));
      });
    } finally {
      await ledger.close();
    }
  });
});
