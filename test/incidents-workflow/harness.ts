/**
 * One ops worker per test file for the incident workflow, on a fresh task queue of
 * the shared real dev server: a recording notifier for Slack, its own embedded
 * ledger and state folder, and the runbooks folder of this directory's fixtures.
 * Each test opens incidents of its own service, with a policy sized in seconds.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import type { Client } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { EmbeddedLedger, type LedgerEvent } from '../../ledger/index.js';
import { createOpsWorker } from '../../workers/ops-worker.js';
import { testConfig } from '../support-interpreter/test-config.js';
import { workflowBundle } from '../support-interpreter/harness.js';
import { connectTestServer, uniqueTaskQueue } from '../support/temporal.js';
import { RecordingNotifier } from './recording-notifier.js';

/** Runbooks incidents of these tests may run (front-matter `match`). */
export const RUNBOOKS = fileURLToPath(new URL('./fixtures/runbooks', import.meta.url));

export interface IncidentHarness {
  client: Client;
  taskQueue: string;
  chat: RecordingNotifier;
  ledger: EmbeddedLedger;
  /** The worker's state folder (postmortems go under it). */
  stateDir: string;
  /** The service's ledger events (`incident.*`), oldest first. */
  events(service: string): Promise<LedgerEvent[]>;
}

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

export interface IncidentWorkerOptions {
  /** The runbooks folder incidents choose from (default `RUNBOOKS`). */
  runbooks?: string;
}

/** Registers hooks that run the worker for the file's tests; the returned object is filled before the first test. */
export function useIncidentWorker(prefix = 'incident', options: IncidentWorkerOptions = {}): IncidentHarness {
  const h = { chat: new RecordingNotifier() } as IncidentHarness;
  let server: Awaited<ReturnType<typeof connectTestServer>> | undefined;
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  beforeAll(async () => {
    server = await connectTestServer();
    const stateDir = mkdtempSync(join(tmpdir(), 'swaybot-incident-state-'));
    const ledger = (await EmbeddedLedger.open({ dir: mkdtempSync(join(tmpdir(), 'swaybot-incident-ledger-')) })) as EmbeddedLedger;
    const base = testConfig();
    const config = { ...base, stateDir, incidents: { ...base.incidents, runbooks: options.runbooks ?? RUNBOOKS } };
    const taskQueue = uniqueTaskQueue(prefix);
    worker = await createOpsWorker({
      connection: server.nativeConnection,
      namespace: server.namespace,
      taskQueue,
      config,
      ledger,
      notifier: h.chat,
      workflowBundle: await workflowBundle(),
      logger: quiet,
    });
    running = worker.run();
    Object.assign(h, {
      client: server.client,
      taskQueue,
      ledger,
      stateDir,
      events: (service: string) => ledger.query({ subject: { kind: 'service', id: service } }),
    });
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await h.ledger?.close();
    await server?.close();
  });
  return h;
}
