/**
 * `runbook run --id` refuses the workflow ids swaybot gives its own workflows (host locks,
 * incidents and their runbook runs, capacity plans, replica prints, power runs), before it
 * compiles or connects; and every id swaybot makes itself is covered by the reserved prefixes.
 */
import type { Client } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { ReservedWorkflowIdError, startRunbook } from '../../client/runbooks.js';
import { reservedIdProblem } from '../../client/workflow-ids.js';
import { incidentWorkflowId } from '../../incidents/key.js';
import { CAPACITY_RETRAIN_SCHEDULE, capacityScheduleId } from '../../workflows/capacity-messages.js';
import { hostLockWorkflowId } from '../../workflows/host-lock-messages.js';
import { replicaWorkflowId } from '../../workflows/replica-messages.js';
import { plan } from '../support-interpreter/plans.js';
import { cliEnv } from './cli.js';
import { runInProcess } from './in-process.js';

describe('reserved workflow ids', () => {
  it('covers every id swaybot makes for its own workflows', () => {
    const incident = incidentWorkflowId('checkout', 'k1');
    const own = [
      hostLockWorkflowId('drill-web-01'),
      incident,
      `${incident}.runbook`,
      capacityScheduleId('demo-service'),
      `${capacityScheduleId('demo-service')}-manual-2026-12-06T03-12-40-639Z`,
      CAPACITY_RETRAIN_SCHEDULE,
      replicaWorkflowId({ host: 'drill-web-01' }),
      replicaWorkflowId({ rack: 'r1' }),
      'hardware-power-drill-web-01-m1abc',
    ];
    for (const id of own) expect([id, reservedIdProblem(id)]).toEqual([id, expect.stringContaining('which swaybot keeps for')]);
    expect(reservedIdProblem('runbook-disk-pressure-m1abcd')).toBeUndefined();
    expect(reservedIdProblem('my-drill-2026')).toBeUndefined();
  });

  for (const id of ['host-lock:drill-web-01', 'incident-demo-service-demo.runbook', 'Capacity-demo-service']) {
    it(`\`runbook run --id ${id}\` is refused before anything is compiled or started`, async () => {
      // No server at this address: a refusal that came after connecting would say so instead.
      const result = await runInProcess(['runbook', 'run', 'runbooks/service-health-check.md', '--id', id], cliEnv({ address: '127.0.0.1:1' }));
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`--id: workflow id \`${id}\` starts with`);
      expect(result.stderr).toContain('which swaybot keeps for');
      expect(result.stderr).not.toContain('No Temporal server');
      expect(result.stdout).not.toContain('Started');
    });
  }

  it('is refused by the client too, for any other starter', async () => {
    const never = {} as Client;
    await expect(startRunbook(never, { plan: plan('p', []), taskQueue: 'q', directory: {}, workflowId: 'host-lock:x' })).rejects.toBeInstanceOf(ReservedWorkflowIdError);
  });
});
