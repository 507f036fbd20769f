/**
 * `swaybot hardware power` when the approver says no: the run ends "failed" (onReject: fail),
 * but the command says the change was rejected, by whom and why, not that it failed.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getStatus, reject } from '../../client/runbooks.js';
import { configSchema } from '../../config/schema.js';
import { eventually, stepIs, withWorker } from '../support-interpreter/harness.js';
import { cliEnv } from './cli.js';
import { startInProcess } from './in-process.js';

describe('swaybot hardware power, rejected', () => {
  it('says "rejected by" with the reason, exits 1, and sends nothing to the BMC', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'swaybot-reject-'));
    const inventory = join(dir, 'inventory.yaml');
    // Nothing listens on this BMC port: a power command that got through would fail, not be "rejected".
    await writeFile(inventory, 'hosts:\n  rej-01:\n    bmc: { address: 127.0.0.1, port: 9, protocol: ipmi, credentials: { username: u, password: { env: REJ_PW } } }\n    rack: r\n    position: 1\n    vendor: v\n    model: m\n');
    await withWorker({ config: { hardware: { ...configSchema.parse({}).hardware, inventory } } }, async (h) => {
      const env = cliEnv({ taskQueue: h.taskQueue, address: h.address, extra: { SWAYBOT_HARDWARE_INVENTORY: inventory } });
      const off = startInProcess(['hardware', 'power', 'rej-01', 'off', '--as', 'alice'], env);
      const [, workflowId] = (await off.waitFor(/as (hardware-power-\S+) \(waiting for approval\)/)) as unknown as [string, string];
      await eventually(() => getStatus(h.client, workflowId), stepIs('power', 'awaiting-approval'), 'power step awaiting approval');
      await reject(h.client, workflowId, 'power', 'bob', 'change freeze');
      const done = await off.exited;
      expect(done.code).toBe(1);
      expect(done.stdout).toContain('✖ rej-01: power off rejected by bob: change freeze; nothing was sent to the BMC');
      expect(done.stdout).not.toMatch(/power off failed/);
    });
  });
});
