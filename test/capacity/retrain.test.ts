/**
 * Retraining the global forecaster: a first candidate is promoted (nothing in use), a worse one
 * (never trained: learning rate 0) is not, the service forecast then lets the trained model take
 * part in its backtest, and the retraining workflow on the real dev server heartbeats its epochs
 * (what the Web UI shows on the pending activity) and returns what it kept.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceSettingsSchema } from '../../capacity/settings.js';
import type { Config } from '../../config/schema.js';
import { EmbeddedLedger } from '../../ledger/index.js';
import { modelFolder, readCurrent } from '../../ml/forecast/model-store.js';
import { retrainGlobal } from '../../ml/forecast/retrain.js';
import { CLASSICAL_VERSION, forecastService } from '../../ml/forecast/service.js';
import { TimeSeriesStore } from '../../telemetry/store/index.js';
import { CAPACITY_RETRAIN_WORKFLOW, type RetrainResult } from '../../workflows/capacity-messages.js';
import { createMlWorker } from '../../workers/ml-worker.js';
import { createOpsWorker } from '../../workers/ops-worker.js';
import { until } from '../e2e/until.js';
import { workflowBundle } from '../support-interpreter/harness.js';
import { testConfig } from '../support-interpreter/test-config.js';
import { connectTestServer, uniqueTaskQueue } from '../support/temporal.js';
import { gaugeRollup, HOUR, hourFloor } from './harness.js';

/** A small, fast network: enough to learn a daily cycle roughly. */
const TINY = { lookbacks: [48], members: 1, blocks: 2, layers: 2, units: 32, epochs: 6, stepsPerEpoch: 8, batchSize: 64, historyLimit: 4 };

function series(k: number, hours = 14 * 24): number[] {
  return Array.from({ length: hours }, (_, i) => 100 + 20 * k + (40 + 5 * k) * Math.sin((2 * Math.PI * (i + 3 * k)) / 24) + ((i * 7919 + k) % 11));
}

describe('retrainGlobal', () => {
  const modelDir = mkdtempSync(join(tmpdir(), 'swaybot-models-'));
  const data = [0, 1, 2, 3, 4, 5].map((k) => series(k));

  it('promotes the first candidate, reporting each epoch', async () => {
    const epochs: number[] = [];
    const r = await retrainGlobal({ series: data, modelDir, hyper: TINY, onEpoch: (p) => epochs.push(p.epoch) });
    expect(r.kept).toBe('candidate');
    expect(r.current).toBeUndefined();
    expect(r.series).toBe(6);
    expect(Number.isFinite(r.candidateScore)).toBe(true);
    expect(epochs.length).toBe(TINY.epochs * TINY.members);
    const current = readCurrent(modelDir)!;
    expect(current.version).toBe(r.candidate);
    expect(current.score).toBe(r.candidateScore);
    expect(existsSync(modelFolder(modelDir, current.version))).toBe(true);
  }, 120_000);

  it('keeps the model in use when the candidate is worse (an untrained network)', async () => {
    const before = readFileSync(join(modelDir, 'current.json'), 'utf8');
    const r = await retrainGlobal({ series: data, modelDir, hyper: { ...TINY, learningRate: 0, epochs: 1 }, seed: 7 });
    expect(r.kept).toBe('current');
    expect(r.candidateScore).toBeGreaterThan(r.current!);
    expect(readFileSync(join(modelDir, 'current.json'), 'utf8')).toBe(before);
    expect(existsSync(modelFolder(modelDir, r.candidate))).toBe(false);
  }, 120_000);

  it('refuses series too short to hold out a horizon', async () => {
    await expect(retrainGlobal({ series: [series(0, 100)], modelDir, hyper: TINY })).rejects.toThrow(/no series has the 120 hours/);
  });

  it('the service forecast backtests the trained model beside the classical ones; a broken pointer falls back with a warning', async () => {
    const values = series(2);
    const f = await forecastService({ values, horizon: 48, season: 24 }, { modelDir });
    expect(f.p90.every((v, i) => Number.isFinite(v) && v >= f.p50[i]!)).toBe(true);
    const version = readCurrent(modelDir)!.version;
    expect(f.modelVersion === CLASSICAL_VERSION || f.modelVersion.startsWith(version)).toBe(true);
    expect(f.model.includes('global')).toBe(f.modelVersion !== CLASSICAL_VERSION);

    const broken = mkdtempSync(join(tmpdir(), 'swaybot-models-broken-'));
    writeFileSync(join(broken, 'current.json'), JSON.stringify({ version: 'global-nbeats@gone', family: 'global-nbeats', score: 1, promotedAt: new Date().toISOString() }));
    const warnings: string[] = [];
    const g = await forecastService({ values, horizon: 48, season: 24 }, { modelDir: broken, warn: (m) => warnings.push(m) });
    expect(g.modelVersion).toBe(CLASSICAL_VERSION);
    expect(warnings.join('\n')).toMatch(/global-nbeats@gone|left out/);
  }, 120_000);
});

describe('capacity retraining workflow (real dev server)', () => {
  let server: Awaited<ReturnType<typeof connectTestServer>>;
  let client: Client;
  let store: TimeSeriesStore;
  let ledger: EmbeddedLedger;
  const workers: { worker: Worker; running: Promise<void> }[] = [];
  const ops = uniqueTaskQueue('retrain-ops');
  const ml = uniqueTaskQueue('retrain-ml');
  const modelDir = mkdtempSync(join(tmpdir(), 'swaybot-models-wf-'));

  beforeAll(async () => {
    server = await connectTestServer();
    client = server.client;
    store = await TimeSeriesStore.open(':memory:', { threads: 1 });
    ledger = await EmbeddedLedger.open({ dir: mkdtempSync(join(tmpdir(), 'swaybot-retrain-ledger-')) });
    const end = hourFloor(Date.now());
    const rollups = [0, 1, 2].flatMap((k) => series(k).map((v, i, all) => gaugeRollup('rt.load', { service: `rt-${k}` }, end - (all.length - i) * HOUR, v)));
    await store.append(rollups);
    const base = testConfig();
    const settings = (k: number) => serviceSettingsSchema.parse({ metric: 'rt.load', labels: { service: `rt-${k}` }, capacityPerReplica: 100, scaler: { kind: 'webhook', url: 'http://127.0.0.1:9/unused' } });
    const config: Config = {
      ...base,
      stateDir: mkdtempSync(join(tmpdir(), 'swaybot-retrain-state-')),
      capacity: { ...base.capacity, services: { 'rt-0': settings(0), 'rt-1': settings(1), 'rt-2': settings(2), 'rt-missing': { ...settings(0), metric: 'no.such.metric' } } },
    };
    const quiet = { debug() {}, info() {}, warn() {}, error() {} };
    const start = async (create: Promise<Worker>) => {
      const worker = await create;
      workers.push({ worker, running: worker.run() });
    };
    await start(createOpsWorker({ connection: server.nativeConnection, namespace: server.namespace, taskQueue: ops, config, ledger, store, logger: quiet, workflowBundle: await workflowBundle() }));
    await start(
      createMlWorker({
        connection: server.nativeConnection,
        namespace: server.namespace,
        taskQueue: ml,
        forecast: (i) => forecastService(i),
        // Slower than the unit test (more steps), so the run is seen while it trains.
        retrain: (s, onEpoch) => retrainGlobal({ series: s, modelDir, hyper: { ...TINY, epochs: 10, stepsPerEpoch: 20 }, onEpoch }),
      }),
    );
  }, 120_000);

  afterAll(async () => {
    for (const w of workers) w.worker.shutdown();
    await Promise.all(workers.map((w) => w.running));
    await store?.close();
    await ledger?.close();
  });

  it('trains on every readable service, heartbeats epoch and loss, and promotes the first model', async () => {
    const id = `capacity-retrain-test-${Date.now().toString(36)}`;
    const handle = await client.workflow.start(CAPACITY_RETRAIN_WORKFLOW, { workflowId: id, taskQueue: ops, args: [{ mlTaskQueue: ml }] });
    const beat = await until(
      'a heartbeat from capacityRetrain',
      async () => {
        const d = await handle.describe();
        const pending = d.raw.pendingActivities?.find((a) => a.activityType?.name === 'capacityRetrain');
        const payload = pending?.heartbeatDetails?.payloads?.[0]?.data;
        return payload ? (JSON.parse(Buffer.from(payload).toString()) as { epoch: number; epochs: number; loss: number }) : undefined;
      },
      90_000,
    );
    expect(beat.epochs).toBe(10);
    expect(beat.epoch).toBeGreaterThanOrEqual(1);
    expect(Number.isFinite(beat.loss)).toBe(true);
    const result = (await handle.result()) as RetrainResult;
    expect(result.kept).toBe('candidate');
    expect(result.services).toEqual(['rt-0', 'rt-1', 'rt-2']);
    expect(result.skipped).toHaveLength(1);
    expect(result.skipped[0]).toMatch(/^rt-missing: .*no data/);
    expect(readCurrent(modelDir)!.version).toBe(result.model);
  }, 150_000);
});
