// The incident domain runs inside the workflow sandbox: bundle a tiny workflow that
// imports its public index and run it on the real dev server. Its sources use no
// Node built-ins, no clock and no randomness.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { connectTestServer, uniqueTaskQueue } from '../support/temporal.js';
import type { incidentDomainInSandbox } from './fixtures/domain-workflow.js';

const dir = fileURLToPath(new URL('../../incidents/', import.meta.url));
const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };

describe('incidents/ in the workflow sandbox', () => {
  it('imports only its own modules, zod and ms, and never reads the clock or randomness', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
    expect(files).toContain('index.ts');
    for (const file of files) {
      const source = readFileSync(`${dir}${file}`, 'utf8');
      const imports = [...source.matchAll(/\bfrom\s+'([^']+)'/g)].map((m) => m[1]!);
      for (const spec of imports) expect(spec, `${file} imports ${spec}`).toMatch(/^(\.\/[a-z-]+\.js|zod|ms)$/);
      expect(source, file).not.toMatch(/Date\.now\(|new Date\(\)|Math\.random|performance\.now|process\./);
    }
  });

  it('bundles and runs parsers, on-call, escalation and the postmortem inside a real workflow', async () => {
    const bundle = await bundleWorkflowCode({ workflowsPath: fileURLToPath(new URL('./fixtures/domain-workflow.ts', import.meta.url)), logger: quiet });
    const server = await connectTestServer();
    try {
      const taskQueue = uniqueTaskQueue('incident-domain');
      const worker = await Worker.create({ connection: server.nativeConnection, namespace: server.namespace, taskQueue, workflowBundle: bundle });
      const at = '2026-01-12T09:00:00.000Z';
      const result = await worker.runUntil(
        server.client.workflow.execute<typeof incidentDomainInSandbox>('incidentDomainInSandbox', {
          taskQueue,
          workflowId: `${taskQueue}-wf`,
          args: [
            {
              alertmanager: { version: '4', alerts: [{ status: 'firing', labels: { alertname: 'DiskFull', job: 'node' }, startsAt: '2026-01-12T08:59:00.5Z', fingerprint: 'fp1' }] },
              generic: [{ name: 'A', service: 's' }, { name: 'B', service: 's' }],
              rotation: { members: ['alice', 'bob'], handoff: 'weekly', start: '2026-01-05T09:00:00Z', overrides: [] },
              at,
              status: { id: 'i', service: 's', title: 'Disk full', severity: 'critical', state: 'resolved', labels: {}, openedAt: at, alertCount: 1, reopenCount: 0, tier: 0, paged: [], timeline: [], ledgerEvents: [] },
            },
          ],
        }),
      );
      expect(result).toEqual({
        alertmanager: ['node/fp1/2026-01-12T08:59:00.500Z'],
        generic: ['A', 'B'],
        refused: { ok: false, reason: 'bad-shape', message: 'service: Invalid input: expected string, received undefined' },
        onCall: 'bob',
        ladder: [300_000, 300_000],
        postmortemTitle: '# Postmortem draft: Disk full',
      });
    } finally {
      await server.close();
    }
  });
});
