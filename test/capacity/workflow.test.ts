/**
 * The capacity workflow end to end on the real Temporal dev server: a real ops worker (capacity
 * activities, hardware power, host locks, ledger) and a real `ml` worker running the shipped
 * forecaster (forecastService) on its own task queue. History is 14 days of hourly load with a
 * daily cycle peaking at the hour the plan starts, so the first hour needs more replicas than
 * run and the plan waits for approval; the expected replicas are computed here from the load and
 * the settings. Covered: Prometheus history + webhook scaler (the receiver gets the POST, the
 * ledger gets `capacity.applied` with the model version and approver), Kubernetes (the real
 * apiserver's Deployment is scaled), a hardware pool of ipmi_sim BMCs (the right spare is powered
 * on), the embedded store as history, a rejection (nothing applied; who rejected; outsiders
 * refused, naming the approver groups), and failed forecasts (nothing applied, ForecastFailed).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppsV1Api, KubeConfig } from '@kubernetes/client-node';
import type { Client } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceForecast } from '../../capacity/forecaster.js';
import { serviceSettingsSchema, type ServiceSettings, type ServiceSettingsInput } from '../../capacity/settings.js';
import { CapacityRefusedError, decideCapacityPlan, getCapacityRun, startCapacityRun, type CapacityTarget } from '../../client/capacity.js';
import type { Config } from '../../config/schema.js';
import { startIpmiSim, type IpmiSim } from '../../devstack/sim/ipmi-sim.js';
import { EmbeddedLedger, type LedgerEvent } from '../../ledger/index.js';
import { CLASSICAL_VERSION, forecastService } from '../../ml/forecast/service.js';
import { TimeSeriesStore } from '../../telemetry/store/index.js';
import { capacityStatus, type CapacityStatus } from '../../workflows/capacity-messages.js';
import { hostLockWorkflowId } from '../../workflows/host-lock-messages.js';
import { createMlWorker } from '../../workers/ml-worker.js';
import { createOpsWorker } from '../../workers/ops-worker.js';
import { until } from '../e2e/until.js';
import { runFailure, workflowBundle } from '../support-interpreter/harness.js';
import { testConfig } from '../support-interpreter/test-config.js';
import { kubeFor, startKube, type RunningKube } from '../support/kube.js';
import { prometheusFor, startPrometheus, type RunningPrometheus } from '../support/prometheus.js';
import { connectTestServer, uniqueTaskQueue } from '../support/temporal.js';
import {
  HOUR,
  RecordingNotifier,
  dailyLoad,
  gaugeRollup,
  hourFloor,
  hoursBetween,
  ipmiPower,
  ipmiPowerOff,
  startWebhookReceiver,
  type WebhookReceiver,
} from './harness.js';

const prometheusFound = prometheusFor('test/capacity/workflow');
const kubeFound = kubeFor('test/capacity/workflow');
const withPrometheus = prometheusFound.prometheus !== undefined;
const withKube = withPrometheus && kubeFound.apiserver !== undefined;

const sfx = Math.random().toString(36).slice(2, 7);
const SVC = {
  prom: `capwf-prom-${sfx}`,
  kube: `capwf-kube-${sfx}`,
  pool: `capwf-pool-${sfx}`,
  store: `capwf-store-${sfx}`,
  reject: `capwf-reject-${sfx}`,
  nan: `capwf-nan-${sfx}`,
  thrown: `capwf-thrown-${sfx}`,
};
const HOSTS = [`capwf-h1-${sfx}`, `capwf-h2-${sfx}`, `capwf-h3-${sfx}`];
const DEPLOYMENT = `capwf-web-${sfx}`;
const CHANNEL = '#capacity-test';
const PASSWORD_ENV = 'SWAYBOT_CAPWF_BMC_PASSWORD';
const PASSWORD = `sim-Pw-${Math.random().toString(36).slice(2, 10)}`;
const RUNNING_NOW = 2;

/** The hour the test started in; the load peaks there, where the plans start. */
const NOW_HOUR = hourFloor(Date.now());
/** 50 … 410 a day, highest at NOW_HOUR (and every 24 h before it). */
const load = dailyLoad(NOW_HOUR, 230, 180);
const DAYS = 15;
/** Prometheus: the backfill ends 4 h before the current hour (the head block may still cover the last hours). */
const PROM_LAST = NOW_HOUR - 4 * HOUR;
const PROM_HOURS = hoursBetween(NOW_HOUR - DAYS * 24 * HOUR, PROM_LAST + HOUR);
/** The embedded store holds every hour up to the current one. */
const STORE_LAST = NOW_HOUR - HOUR;
const STORE_HOURS = hoursBetween(NOW_HOUR - DAYS * 24 * HOUR, STORE_LAST + HOUR);
const LABELS = { cluster: `capwf-${sfx}` };

/** Webhook and Kubernetes: one replica carries 200 at 50 % (100 each), plus 10 % headroom. */
const replicaSettings = { capacityPerReplica: 200, targetUtilisation: 0.5, headroom: 0.1, min: 1, max: 20 } as const;
/** The hardware pool: one server carries 600 at 50 %. */
const poolSettings = { capacityPerReplica: 600, targetUtilisation: 0.5, headroom: 0.1, min: 1, max: 3 } as const;

/** Replicas the first hour needs, from the load itself (not the forecast) and the settings. */
function expectedReplicas(t: number, s: { capacityPerReplica: number; targetUtilisation: number; headroom: number; min: number; max: number }): number {
  return Math.min(s.max, Math.max(s.min, Math.ceil((load(t) * (1 + s.headroom)) / (s.capacityPerReplica * s.targetUtilisation))));
}

const settings = (metric: string, input: Omit<ServiceSettingsInput, 'metric' | 'labels' | 'capacityPerReplica'> & { capacityPerReplica: number }): ServiceSettings =>
  serviceSettingsSchema.parse({ metric, labels: LABELS, ...input });

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

describe('capacity workflow end to end (real dev server, ops + ml workers)', () => {
  let server: Awaited<ReturnType<typeof connectTestServer>>;
  let client: Client;
  let receiver: WebhookReceiver;
  let ledger: EmbeddedLedger;
  let store: TimeSeriesStore;
  let prometheus: RunningPrometheus | undefined;
  let kube: RunningKube | undefined;
  let apps: AppsV1Api | undefined;
  let sims: IpmiSim[] = [];
  const notifier = new RecordingNotifier();
  const workers: { worker: Worker; running: Promise<void> }[] = [];
  const started: string[] = [];
  let thrownAttempts = 0;
  const queues = {
    prom: uniqueTaskQueue('capwf-prom'),
    store: uniqueTaskQueue('capwf-store'),
    ml: uniqueTaskQueue('capwf-ml'),
    mlNan: uniqueTaskQueue('capwf-ml-nan'),
    mlThrown: uniqueTaskQueue('capwf-ml-thrown'),
  };

  const baseConfig = (history: Config['capacity']['history'], services: Record<string, ServiceSettings>, inventory?: string): Config => {
    const base = testConfig();
    return {
      ...base,
      stateDir: mkdtempSync(join(tmpdir(), 'swaybot-capwf-state-')),
      hardware: { ...base.hardware, ...(inventory ? { inventory } : {}) },
      capacity: { ...base.capacity, history, approvers: ['sre', 'capacity-owners'], channel: CHANNEL, services },
      groups: { sre: ['alice', 'bob'], 'capacity-owners': ['dave'], 'incident-commanders': ['carol'] },
    };
  };

  const run = async (create: Promise<Worker>) => {
    const worker = await create;
    workers.push({ worker, running: worker.run() });
  };

  beforeAll(async () => {
    const bundle = workflowBundle();
    server = await connectTestServer();
    client = server.client;
    process.env[PASSWORD_ENV] = PASSWORD;
    const [r, l, s, p, k, simList] = await Promise.all([
      startWebhookReceiver(),
      EmbeddedLedger.open({ dir: mkdtempSync(join(tmpdir(), 'swaybot-capwf-ledger-')) }),
      TimeSeriesStore.open(':memory:', { threads: 1 }),
      withPrometheus
        ? startPrometheus({ history: PROM_HOURS.map((t) => ({ metric: 'capwf_load', labels: LABELS, t, value: load(t) })) })
        : Promise.resolve(undefined),
      withKube ? startKube() : Promise.resolve(undefined),
      withPrometheus ? Promise.all(HOSTS.map(() => startIpmiSim({ password: PASSWORD }))) : Promise.resolve([]),
    ]);
    receiver = r;
    ledger = l as EmbeddedLedger;
    store = s;
    prometheus = p;
    kube = k;
    sims = simList;
    await store.append(STORE_HOURS.map((t) => gaugeRollup('capwf.load', LABELS, t, load(t))));
    for (const svc of [SVC.prom, SVC.store, SVC.reject, SVC.nan, SVC.thrown]) receiver.replicas.set(svc, RUNNING_NOW);

    // The ml workers: the real forecaster, one whose p90 has a NaN, one that always throws.
    await run(createMlWorker({ connection: server.nativeConnection, namespace: server.namespace, taskQueue: queues.ml, forecast: (i) => forecastService(i) }));
    await run(
      createMlWorker({
        connection: server.nativeConnection,
        namespace: server.namespace,
        taskQueue: queues.mlNan,
        forecast: async (i) => {
          const f: ServiceForecast = await forecastService(i);
          return { ...f, model: 'broken', p90: f.p90.map((v, h) => (h === 5 ? Number.NaN : v)) };
        },
      }),
    );
    await run(
      createMlWorker({
        connection: server.nativeConnection,
        namespace: server.namespace,
        taskQueue: queues.mlThrown,
        forecast: () => {
          thrownAttempts++;
          return Promise.reject(new Error('model store unreachable'));
        },
      }),
    );

    // Ops worker reading the embedded store.
    const webhook = { kind: 'webhook' as const, url: receiver.url };
    const storeConfig = baseConfig({ source: 'store', prometheusUrl: 'http://127.0.0.1:9', days: 14 }, {
      [SVC.store]: settings('capwf.load', { ...replicaSettings, scaler: webhook }),
      [SVC.reject]: settings('capwf.load', { ...replicaSettings, scaler: webhook }),
      [SVC.nan]: settings('capwf.load', { ...replicaSettings, scaler: webhook }),
      [SVC.thrown]: settings('capwf.load', { ...replicaSettings, scaler: webhook }),
    });
    await run(
      createOpsWorker({
        connection: server.nativeConnection,
        namespace: server.namespace,
        taskQueue: queues.store,
        config: storeConfig,
        ledger,
        notifier,
        store,
        logger: quiet,
        workflowBundle: await bundle,
      }),
    );

    if (prometheus) {
      // Ops worker reading Prometheus: webhook, Kubernetes and hardware-pool services.
      const host = (sim: IpmiSim) =>
        `    bmc: { address: 127.0.0.1, port: ${sim.port}, protocol: ipmi, credentials: { username: ${sim.username}, password: { env: ${PASSWORD_ENV} } } }\n` +
        '    rack: capwf-r1\n    position: 1\n    vendor: Sim\n    model: ipmi_sim\n';
      const inventory = join(mkdtempSync(join(tmpdir(), 'swaybot-capwf-hw-')), 'inventory.yaml');
      await writeFile(inventory, `hosts:\n${HOSTS.map((h, i) => `  ${h}:\n${host(sims[i]!)}`).join('')}`);
      const services: Record<string, ServiceSettings> = {
        [SVC.prom]: settings('capwf_load', { ...replicaSettings, scaler: webhook }),
        [SVC.pool]: settings('capwf_load', { ...poolSettings, scaler: { kind: 'hardware-pool', hosts: HOSTS } }),
      };
      if (kube) {
        services[SVC.kube] = settings('capwf_load', { ...replicaSettings, scaler: { kind: 'kubernetes', kubeconfig: kube.kubeconfigPath, namespace: 'default', deployment: DEPLOYMENT } });
        const kc = new KubeConfig();
        kc.loadFromFile(kube.kubeconfigPath);
        apps = kc.makeApiClient(AppsV1Api);
        await apps.createNamespacedDeployment({
          namespace: 'default',
          body: {
            metadata: { name: DEPLOYMENT },
            spec: {
              replicas: RUNNING_NOW,
              selector: { matchLabels: { app: DEPLOYMENT } },
              template: { metadata: { labels: { app: DEPLOYMENT } }, spec: { containers: [{ name: 'c', image: 'registry.invalid/web:1' }] } },
            },
          },
        });
      }
      // The pool starts with its first host on and the two spares off.
      await Promise.all(sims.slice(1).map((sim) => ipmiPowerOff(sim)));
      const promConfig = baseConfig({ source: 'prometheus', prometheusUrl: prometheus.url, days: 14 }, services, inventory);
      await run(
        createOpsWorker({
          connection: server.nativeConnection,
          namespace: server.namespace,
          taskQueue: queues.prom,
          config: promConfig,
          ledger,
          notifier,
          logger: quiet,
          workflowBundle: await bundle,
        }),
      );
    }
  });

  afterAll(async () => {
    const lingering = [...started, ...HOSTS.map(hostLockWorkflowId)];
    await Promise.all(lingering.map((id) => client?.workflow.getHandle(id).terminate('test over').catch(() => undefined)));
    for (const w of workers) w.worker.shutdown();
    await Promise.all(workers.map((w) => w.running));
    await Promise.all([receiver?.close(), ledger?.close(), store?.close(), prometheus?.stop(), kube?.stop(), ...sims.map((s) => s.dispose())]);
    await server?.close();
  });

  const target = (taskQueue: string, mlTaskQueue = queues.ml): CapacityTarget => ({ taskQueue, mlTaskQueue });

  async function start(service: string, t: CapacityTarget): Promise<{ id: string; hourBefore: number }> {
    const hourBefore = hourFloor(Date.now());
    const id = await startCapacityRun(client, service, t);
    started.push(id);
    return { id, hourBefore };
  }

  /** Waits until the run has a plan and waits for approval (fails at once when it ended or planned otherwise). */
  async function awaitingApproval(id: string): Promise<CapacityStatus> {
    const status = await until(`${id} to plan`, async () => {
      const handle = client.workflow.getHandle(id);
      const described = await handle.describe();
      if (described.status.name !== 'RUNNING') return { service: '?', state: 'failed', error: `run ended ${described.status.name}` } as CapacityStatus;
      const s = await handle.query(capacityStatus);
      return s.state === 'forecasting' ? undefined : s;
    });
    expect(status.state, status.error).toBe('awaiting-approval');
    return status;
  }

  /** Checks the plan the run waits with: it starts at the hour after the history, in the hour the test ran. */
  function checkPlan(status: CapacityStatus, hourBefore: number, expected: (t: number) => number, current: number): number {
    const t0 = status.plan!.hours[0]!.t;
    expect(t0).toBeGreaterThanOrEqual(hourBefore);
    expect(t0).toBeLessThanOrEqual(hourFloor(Date.now()));
    const next = expected(t0);
    expect(status.plan!.hours).toHaveLength(48);
    expect(status.diff).toMatchObject({ current, next, change: next - current, needsApproval: true });
    // The daily cycle shows in the plan: it scales down from the peak later in the day.
    expect(Math.min(...status.plan!.hours.map((h) => h.replicas))).toBeLessThan(status.plan!.peak.replicas);
    expect(status.approvers).toEqual(['sre', 'capacity-owners']);
    expect(status.history?.hours).toBe(14 * 24);
    return t0;
  }

  const events = (service: string): Promise<LedgerEvent[]> => ledger.query({ subject: { kind: 'service', id: service } });

  it.runIf(withPrometheus)('Prometheus history + webhook: approved by an SRE, the receiver gets the plan, the ledger records it', async () => {
    const { id, hourBefore } = await start(SVC.prom, target(queues.prom));
    const waiting = await awaitingApproval(id);
    const t0 = checkPlan(waiting, hourBefore, (t) => expectedReplicas(t, replicaSettings), RUNNING_NOW);
    const next = expectedReplicas(t0, replicaSettings);
    expect(next).toBe(5);
    expect(waiting.history).toEqual({ source: `prometheus:capwf_load{cluster="${LABELS.cluster}"}`, hours: 14 * 24, filled: (t0 - PROM_LAST) / HOUR - 1 });
    expect(waiting.forecast).toMatchObject({ modelVersion: CLASSICAL_VERSION });
    // Nothing is applied before the decision.
    expect(receiver.posts(SVC.prom)).toEqual([]);
    // The plan message went to the channel with the chart.
    expect(readFileSync(waiting.chart!).subarray(0, 4)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    const posted = notifier.messages.find((m) => m.key === `${id}/plan`);
    expect(posted).toMatchObject({ channel: CHANNEL, image: { path: waiting.chart } });
    expect(posted!.text).toContain(`${RUNNING_NOW} → ${next} replicas (awaiting approval)`);

    const decided = await decideCapacityPlan(client, id, 'approve', 'alice', 'peak ahead');
    expect(decided.decision).toMatchObject({ decision: 'approve', by: 'alice', reason: 'peak ahead' });
    const result = (await client.workflow.getHandle(id).result()) as CapacityStatus;

    expect(result.state).toBe('applied');
    expect(result.applied).toMatchObject({ from: RUNNING_NOW, to: next });
    const planId = `${id}/${new Date(t0).toISOString()}`;
    const posts = receiver.posts(SVC.prom);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body).toEqual({ service: SVC.prom, replicas: next, planId, approvedBy: 'alice', modelVersion: CLASSICAL_VERSION });
    expect(posts[0]!.headers['idempotency-key']).toBe(planId);
    expect(receiver.replicas.get(SVC.prom)).toBe(next);

    const recorded = await events(SVC.prom);
    expect(recorded.map((e) => e.type)).toEqual(['capacity.applied']);
    expect(recorded[0]).toMatchObject({ actor: 'alice', subject: { kind: 'service', id: SVC.prom } });
    expect(recorded[0]!.payload).toMatchObject({ workflowId: id, modelVersion: CLASSICAL_VERSION, approvedBy: 'alice', from: RUNNING_NOW, to: next, planId });
    expect(await getCapacityRun(client, id)).toMatchObject({ state: 'applied' });
    expect(notifier.latestText(id)).toContain(`${RUNNING_NOW} → ${next} replicas (applied)`);
  });

  it.runIf(withKube)('Kubernetes: the approved plan scales the Deployment on the real apiserver', async () => {
    const { id, hourBefore } = await start(SVC.kube, target(queues.prom));
    const waiting = await awaitingApproval(id);
    const t0 = checkPlan(waiting, hourBefore, (t) => expectedReplicas(t, replicaSettings), RUNNING_NOW);
    const next = expectedReplicas(t0, replicaSettings);
    const before = await apps!.readNamespacedDeployment({ name: DEPLOYMENT, namespace: 'default' });
    expect(before.spec?.replicas).toBe(RUNNING_NOW);

    await decideCapacityPlan(client, id, 'approve', 'bob');
    const result = (await client.workflow.getHandle(id).result()) as CapacityStatus;

    expect(result.state).toBe('applied');
    expect(result.applied).toEqual({ from: RUNNING_NOW, to: next, changes: [`kubernetes deployment default/${DEPLOYMENT}: ${SVC.kube} ${RUNNING_NOW} → ${next} replicas`] });
    const after = await apps!.readNamespacedDeployment({ name: DEPLOYMENT, namespace: 'default' });
    expect(after.spec?.replicas).toBe(next);
    expect(after.metadata?.managedFields?.some((f) => f.manager === 'swaybot' && f.subresource === 'scale')).toBe(true);
    const recorded = await events(SVC.kube);
    expect(recorded.map((e) => [e.type, e.actor])).toEqual([['capacity.applied', 'bob']]);
    expect(recorded[0]!.payload).toMatchObject({ modelVersion: CLASSICAL_VERSION, approvedBy: 'bob', to: next });
  });

  it.runIf(withPrometheus)('hardware pool: approving powers on the first spare only, under the host lock, over IPMI', async () => {
    expect(await Promise.all(sims.map((s) => ipmiPower(s)))).toEqual(['on', 'off', 'off']);
    const logs = await Promise.all(sims.map((s) => s.chassisLog()));
    const { id, hourBefore } = await start(SVC.pool, target(queues.prom));
    const waiting = await awaitingApproval(id);
    const t0 = checkPlan(waiting, hourBefore, (t) => Math.min(HOSTS.length, expectedReplicas(t, poolSettings)), 1);
    const next = Math.min(HOSTS.length, expectedReplicas(t0, poolSettings));
    expect(next).toBe(2);
    // Still nothing powered before the decision.
    expect(await Promise.all(sims.map((s) => ipmiPower(s)))).toEqual(['on', 'off', 'off']);

    await decideCapacityPlan(client, id, 'approve', 'dave');
    const result = (await client.workflow.getHandle(id).result()) as CapacityStatus;

    expect(result.state).toBe('applied');
    expect(result.applied).toEqual({ from: 1, to: 2, changes: [`${HOSTS[1]} powered on`] });
    expect(await Promise.all(sims.map((s) => ipmiPower(s)))).toEqual(['on', 'on', 'off']);
    const sent = await Promise.all(sims.map(async (s, i) => (await s.chassisLog()).slice(logs[i]!.length).filter((l) => l.startsWith('set power'))));
    expect(sent).toEqual([[], ['set power 1'], []]);
    const recorded = await events(SVC.pool);
    expect(recorded.map((e) => [e.type, e.actor])).toEqual([['capacity.applied', 'dave']]);
    expect(recorded[0]!.payload).toMatchObject({ modelVersion: CLASSICAL_VERSION, approvedBy: 'dave', from: 1, to: 2, changes: [`${HOSTS[1]} powered on`] });
  });

  it('embedded store history + webhook: the plan from the store is applied after approval', async () => {
    const { id, hourBefore } = await start(SVC.store, target(queues.store));
    const waiting = await awaitingApproval(id);
    const t0 = checkPlan(waiting, hourBefore, (t) => expectedReplicas(t, replicaSettings), RUNNING_NOW);
    const next = expectedReplicas(t0, replicaSettings);
    expect(waiting.history).toEqual({ source: `store:capwf.load{cluster=${LABELS.cluster}}`, hours: 14 * 24, filled: (t0 - STORE_LAST) / HOUR - 1 });
    expect(receiver.posts(SVC.store)).toEqual([]);

    await decideCapacityPlan(client, id, 'approve', 'dave');
    const result = (await client.workflow.getHandle(id).result()) as CapacityStatus;

    expect(result).toMatchObject({ state: 'applied', applied: { from: RUNNING_NOW, to: next }, decision: { decision: 'approve', by: 'dave' } });
    const posts = receiver.posts(SVC.store);
    expect(posts.map((p) => p.body)).toEqual([
      { service: SVC.store, replicas: next, planId: `${id}/${new Date(t0).toISOString()}`, approvedBy: 'dave', modelVersion: CLASSICAL_VERSION },
    ]);
    const recorded = await events(SVC.store);
    expect(recorded.map((e) => [e.type, e.actor])).toEqual([['capacity.applied', 'dave']]);
    expect(recorded[0]!.payload).toMatchObject({ modelVersion: CLASSICAL_VERSION, approvedBy: 'dave', to: next });
  });

  it('a rejected plan applies nothing and says who rejected; people outside the approver groups are refused', async () => {
    const { id } = await start(SVC.reject, target(queues.store));
    await awaitingApproval(id);

    // mallory is in no group; carol is in a group that is not an approver group.
    for (const by of ['mallory', 'carol']) {
      const refused = decideCapacityPlan(client, id, 'approve', by);
      await expect(refused).rejects.toBeInstanceOf(CapacityRefusedError);
      await expect(refused).rejects.toThrow(`${by} may not decide capacity plans: approvers are the groups sre, capacity-owners`);
    }
    const still = await getCapacityRun(client, id);
    expect(still.state).toBe('awaiting-approval');
    expect(still.decision).toBeUndefined();

    await decideCapacityPlan(client, id, 'reject', 'bob', 'marketing cancelled the launch');
    const result = (await client.workflow.getHandle(id).result()) as CapacityStatus;

    expect(result.state).toBe('rejected');
    expect(result.decision).toMatchObject({ decision: 'reject', by: 'bob', reason: 'marketing cancelled the launch' });
    expect(result.applied).toBeUndefined();
    expect(receiver.posts(SVC.reject)).toEqual([]);
    expect(receiver.replicas.get(SVC.reject)).toBe(RUNNING_NOW);
    const recorded = await events(SVC.reject);
    expect(recorded.map((e) => [e.type, e.actor])).toEqual([['capacity.rejected', 'bob']]);
    expect(recorded[0]!.payload).toMatchObject({ reason: 'marketing cancelled the launch', modelVersion: CLASSICAL_VERSION });
    expect(notifier.latestText(id)).toContain('(rejected)');
  });

  it('a failed forecast (NaN, or the model throwing) fails the run with ForecastFailed and applies nothing', async () => {
    const nan = await start(SVC.nan, target(queues.store, queues.mlNan));
    const thrown = await start(SVC.thrown, target(queues.store, queues.mlThrown));
    const [nanFailure, thrownFailure] = await Promise.all([runFailure(client.workflow.getHandle(nan.id)), runFailure(client.workflow.getHandle(thrown.id))]);

    expect(nanFailure.type).toBe('ForecastFailed');
    expect(nanFailure.nonRetryable).toBe(true);
    expect(nanFailure.message).toMatch(new RegExp(`^${SVC.nan}: forecast failed: .*model broken returned an unusable p90 forecast.*; nothing was applied$`));
    expect(thrownFailure.type).toBe('ForecastFailed');
    expect(thrownFailure.message).toMatch(new RegExp(`^${SVC.thrown}: forecast failed: .*model store unreachable.*; nothing was applied$`));
    // The ml activity's retry policy: three attempts, then the run gives up.
    expect(thrownAttempts).toBe(3);

    for (const { id } of [nan, thrown]) {
      const status = await client.workflow.getHandle(id).query(capacityStatus);
      expect(status).toMatchObject({ state: 'failed', error: expect.stringContaining('forecast failed') });
      expect(status.plan).toBeUndefined();
      expect(notifier.latestText(id)).toContain('(failed (nothing applied))');
    }
    expect(receiver.posts(SVC.nan)).toEqual([]);
    expect(receiver.posts(SVC.thrown)).toEqual([]);
    expect(await events(SVC.nan)).toEqual([]);
    expect(await events(SVC.thrown)).toEqual([]);
  });
});
