import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Context } from '@temporalio/activity';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createLedgerRecord } from '../../activities/ledger-record.js';
import { EmbeddedLedger, type EventInput } from '../../ledger/index.js';
import { connectTestServer, uniqueTaskQueue } from '../support/temporal.js';

const RUNS = 20;
const PER_RUN = 50;
// Every forced retry would log a warning: keep the output for failures.
try {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
} catch {
  // Another module of this process installed the runtime first.
}

const quiet = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} };

describe('ledger appends from two workers', () => {
  it('1,000 concurrent appends across two workers, some retried after they landed: exactly 1,000 events, chain verifies', async () => {
    const ledger = await EmbeddedLedger.open({ dir: mkdtempSync(join(tmpdir(), 'swaybot-two-workers-')) });
    const server = await connectTestServer();
    const taskQueue = uniqueTaskQueue('ledger2');
    const bundle = await bundleWorkflowCode({ workflowsPath: fileURLToPath(new URL('./record-workflow.ts', import.meta.url)), logger: quiet });
    const calls = { a: 0, b: 0 };
    let forcedRetries = 0;
    const record = createLedgerRecord(ledger, { debug() {}, info() {}, warn() {}, error() {} });

    /** The real activity, but every 7th event's first attempt fails after its append committed (a lost reply). */
    const flaky = (name: keyof typeof calls) =>
      async function ledgerRecord(events: EventInput[]) {
        calls[name] += 1;
        const receipts = await record(events);
        const i = Number(/\/e(\d+)\//.exec(events[0]!.id)?.[1]);
        if (Context.current().info.attempt === 1 && i % 7 === 0) {
          forcedRetries += 1;
          throw new Error('reply lost after the append committed');
        }
        return receipts;
      };
    // The SDK allows one worker per task queue per connection: the second worker gets its own, as on another host.
    const second = await NativeConnection.connect({ address: server.address });
    const worker = (name: keyof typeof calls) =>
      Worker.create({
        connection: name === 'a' ? server.nativeConnection : second,
        namespace: server.namespace,
        taskQueue,
        workflowBundle: bundle,
        activities: { ledgerRecord: flaky(name) },
      });
    try {
      const [a, b] = await Promise.all([worker('a'), worker('b')]);
      const runs = async () => {
        const handles = await Promise.all(
          Array.from({ length: RUNS }, (_, r) => server.client.workflow.start('recordMany', { taskQueue, workflowId: `${taskQueue}-run${r}`, args: [PER_RUN] })),
        );
        return Promise.all(handles.map((h) => h.result()));
      };
      // Both workers poll until every run has finished, then both drain and stop.
      const counts = await a.runUntil(b.runUntil(runs));
      expect(counts).toEqual(Array.from({ length: RUNS }, () => PER_RUN));
      const total = RUNS * PER_RUN;
      // Both workers appended, and the forced retries really happened (each re-appended an id that was already in).
      expect(calls.a).toBeGreaterThan(0);
      expect(calls.b).toBeGreaterThan(0);
      expect(forcedRetries).toBe(RUNS * Math.ceil(PER_RUN / 7));
      expect(calls.a + calls.b).toBe(total + forcedRetries);

      const events = await ledger.query();
      expect(events).toHaveLength(total);
      expect(new Set(events.map((e) => e.id)).size).toBe(total);
      const report = await ledger.verify();
      expect(report.problems).toEqual([]);
      expect(report).toMatchObject({ ok: true, events: total });
      // Group commit: far fewer batches than events.
      expect(report.batches).toBeLessThan(total);
    } finally {
      await second.close();
      await server.close();
      await ledger.close();
    }
  }, 300_000);
});
