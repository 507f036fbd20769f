/**
 * The replica printing workflow end to end: the real Temporal dev server, a real ops worker, a
 * real OctoPrint 1.11 with its virtual printer (test/support/octoprint.ts, heaters made ready at
 * once by harness.ts) and the real PrusaSlicer with our profile. Models are printed at 1:50 so a
 * plate prints in seconds (the virtual printer sleeps a tenth of each move's real time). Covered:
 * a host printed (files and hashes, layers against the model's height, preview, OctoPrint's job,
 * the ledger event, heartbeats, the chat message, no API key in history); cancelling mid-print
 * cancels the job on the printer; a stopped printer is retried (and its final message); a printer
 * refusing the key fails the run at once; bad inventories fail at modelling naming field and
 * file:line with nothing uploaded; a rack prints as several parts on its plates.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkflowFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import { ActivityFailure, ApplicationFailure, CancelledFailure, RetryState } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrintingActivities } from '../../activities/printing/index.js';
import { bmcFromEnv } from '../../activities/hardware/index.js';
import { startReplicaPrint } from '../../client/replica.js';
import type { Config } from '../../config/schema.js';
import { freePort } from '../../devstack/ports.js';
import { EmbeddedLedger } from '../../ledger/index.js';
import { sha256 } from '../../printing/pipeline.js';
import { expectedLayers, readGcode } from '../../printing/slicer/gcode.js';
import { DEFAULT_PROFILE, findSlicer } from '../../printing/slicer/slicer.js';
import { describeFailure } from '../../workflows/failures.js';
import { replicaStatus, type ReplicaStatus, type ReplicaTarget } from '../../workflows/replica-messages.js';
import { createOpsWorker } from '../../workers/ops-worker.js';
import { runFailure, workflowBundle } from '../support-interpreter/harness.js';
import { testConfig } from '../support-interpreter/test-config.js';
import { octoprintFor, startOctoPrint, type RunningOctoPrint } from '../support/octoprint.js';
import { connectTestServer, uniqueTaskQueue } from '../support/temporal.js';
import { until } from '../e2e/until.js';
import { fastHeaters, historyText, octoFiles, octoJob, octoPrinterFlags, pendingActivities, RecordingNotifier, watchActivities, writeInventory, type SeenActivity } from './harness.js';

const octoFound = octoprintFor('test/printing/workflow.test.ts');
const slicerFound = findSlicer();
if (slicerFound.missing !== undefined) console.warn(`[test/printing/workflow.test.ts] not run: ${slicerFound.missing}`);

const sfx = randomBytes(3).toString('hex');
const WEB = `rp-web-${sfx}`;
const WEB2 = `rp-web2-${sfx}`;
const DB = `rp-db-${sfx}`;
const BARE = `rp-bare-${sfx}`;
const RACK = `rp-rack-${sfx}`;
const ZERO = `rp-zero-${sfx}`;
const NEG = `rp-neg-${sfx}`;
/** A unique variable per run: the worker reads the key from it; the key itself must never reach history. */
const KEY_ENV = `SWAYBOT_REPLICA_TEST_KEY_${sfx.toUpperCase()}`;
const WRONG_KEY_ENV = `SWAYBOT_REPLICA_TEST_WRONG_KEY_${sfx.toUpperCase()}`;
const SCALE = 0.02;
const CHANNEL = '#replica-test';
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

describe.runIf(octoFound.binary !== undefined && slicerFound.binary !== undefined)('replica printing workflow (real dev server, OctoPrint, PrusaSlicer)', () => {
  let server: Awaited<ReturnType<typeof connectTestServer>>;
  let client: Client;
  let octo: RunningOctoPrint;
  let ledger: EmbeddedLedger;
  let config: Config;
  let deadUrl: string;
  let inventoryLines: Record<string, number>;
  let badInventory: string;
  let badLines: Record<string, number>;
  const notifier = new RecordingNotifier();
  const workers: { worker: Worker; running: Promise<void> }[] = [];
  const started: string[] = [];
  const queues = { main: uniqueTaskQueue('replica'), dead: uniqueTaskQueue('replica-dead'), wrongKey: uniqueTaskQueue('replica-key'), bad: uniqueTaskQueue('replica-bad') };

  const printingConfig = (base: Config, url: string, keyEnv: string, inventory: string): Config => ({
    ...base,
    stateDir: mkdtempSync(join(tmpdir(), 'swaybot-replica-state-')),
    hardware: { ...base.hardware, inventory },
    printing: { ...base.printing, scale: SCALE, profile: DEFAULT_PROFILE, channel: CHANNEL, octoprint: { url, apiKey: { env: keyEnv }, pollInterval: '250ms' } },
  });

  beforeAll(async () => {
    const bundle = workflowBundle();
    const dir = mkdtempSync(join(tmpdir(), 'swaybot-replica-wf-'));
    const [srv, octoprint, l, closedPort, deadPort] = await Promise.all([
      connectTestServer(),
      startOctoPrint({ ...(octoFound.binary !== undefined ? { binary: octoFound.binary } : {}) }),
      EmbeddedLedger.open({ dir: mkdtempSync(join(tmpdir(), 'swaybot-replica-ledger-')) }),
      freePort(),
      freePort(),
    ]);
    server = srv;
    client = server.client;
    octo = octoprint;
    ledger = l;
    await fastHeaters(octo);
    process.env[KEY_ENV] = octo.apiKey;
    process.env[WRONG_KEY_ENV] = 'NOT-THE-KEY-0000';
    deadUrl = `http://127.0.0.1:${deadPort}`;

    const good = writeInventory(
      mkdtempSync(join(dir, 'good-')),
      {
        [WEB]: { rack: RACK, position: 10, chassis: '{ units: 1, depth: 749, driveBays: 10, psus: 2, assetTag: RP-WEB }' },
        [WEB2]: { rack: RACK, position: 12, chassis: '{ units: 1, depth: 749, driveBays: 10, psus: 2 }' },
        [DB]: { rack: RACK, position: 20, chassis: '{ units: 2, depth: 758, driveBays: 12, psus: 2, assetTag: RP-DB }' },
        [BARE]: { rack: RACK, position: 30 },
      },
      closedPort,
    );
    inventoryLines = good.lines;
    const bad = writeInventory(
      mkdtempSync(join(dir, 'bad-')),
      {
        [ZERO]: { rack: RACK, position: 1, chassis: '{ units: 0, depth: 749 }' },
        [NEG]: { rack: RACK, position: 2, chassis: '{ units: 1, depth: -10 }' },
      },
      closedPort,
    );
    badInventory = bad.path;
    badLines = bad.lines;

    const base = testConfig();
    config = printingConfig(base, octo.url, KEY_ENV, good.path);
    const configs: [string, Config][] = [
      [queues.main, config],
      [queues.dead, printingConfig(base, deadUrl, KEY_ENV, good.path)],
      [queues.wrongKey, printingConfig(base, octo.url, WRONG_KEY_ENV, good.path)],
      [queues.bad, printingConfig(base, octo.url, KEY_ENV, bad.path)],
    ];
    for (const [taskQueue, c] of configs) {
      const worker = await createOpsWorker({ connection: server.nativeConnection, namespace: server.namespace, taskQueue, config: c, ledger, notifier, logger: quiet, workflowBundle: await bundle });
      workers.push({ worker, running: worker.run() });
    }
  });

  afterAll(async () => {
    await Promise.all(started.map((id) => client?.workflow.getHandle(id).terminate('test over').catch(() => undefined)));
    for (const w of workers) w.worker.shutdown();
    await Promise.all(workers.map((w) => w.running));
    await Promise.all([ledger?.close(), octo?.stop()]);
    await server?.close();
    delete process.env[KEY_ENV];
    delete process.env[WRONG_KEY_ENV];
  });

  async function start(target: ReplicaTarget, taskQueue = queues.main, scale?: number): Promise<WorkflowHandle> {
    const id = await startReplicaPrint(client, taskQueue, { target, by: 'replica-test', ...(scale !== undefined ? { scale } : {}) });
    started.push(id);
    return client.workflow.getHandle(id);
  }

  /** The percent of each `replicaPrint` heartbeat seen (0–100). */
  const heartbeatPercents = (seen: SeenActivity[]): number[] =>
    seen.filter((a) => a.type === 'replicaPrint' && a.heartbeat !== undefined).map((a) => (a.heartbeat as { percent: number }).percent).filter((p) => p >= 0 && p <= 100);

  it('prints a host: files and hashes, layers, preview, OctoPrint job, ledger, heartbeats, chat; no API key in history', async () => {
    const handle = await start({ host: WEB });
    const watch = watchActivities(handle);
    const result = (await handle.result()) as ReplicaStatus;
    const seen = await watch.stop();

    expect(result.state, result.error).toBe('printed');
    expect(result.scale).toBe(SCALE);
    expect(result.printer).toBe(octo.url);
    expect(result.parts).toHaveLength(1);
    const part = result.parts[0]!;
    expect(part.host).toBe(WEB);
    expect(sha256(readFileSync(part.stl))).toBe(part.sha256);
    expect(part.triangles).toBeGreaterThan(12);
    expect(result.plates).toHaveLength(1);
    const plate = result.plates[0]!;
    expect(plate.hosts).toEqual([WEB]);
    expect(existsSync(plate.gcode!)).toBe(true);
    expect(sha256(readFileSync(plate.gcode!))).toBe(plate.gcodeSha256);
    // The layers of the part's height at our layer height (PrusaSlicer's rule), and what the G-code says.
    expect(plate.layers).toBeGreaterThan(0);
    expect(plate.layers).toBe(expectedLayers(part.size[2], config.printing.layerHeight));
    const gcode = await readGcode(plate.gcode!);
    expect(gcode.layers).toBe(plate.layers);
    expect(gcode.maxZ).toBeCloseTo(part.size[2], 0);
    expect(plate).toMatchObject({ percent: 100, printState: 'completed' });
    expect(plate.printedSeconds).toBeGreaterThan(0);
    expect(readFileSync(result.preview!).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));

    // OctoPrint printed that file to the end.
    const name = `${handle.workflowId}-plate-0.gcode`;
    const job = await octoJob(octo);
    expect(job.state).toBe('Operational');
    expect(job.job.file.name).toBe(name);
    expect(job.progress.completion).toBe(100);
    expect(job.job.lastPrintTime).toBeGreaterThan(0);
    expect(await octoFiles(octo)).toContain(name);

    // The ledger: replica.printed about the host, with the files' hashes and the printer.
    const events = await ledger.query({ subject: { kind: 'host', id: WEB } });
    const printed = events.filter((e) => e.type === 'replica.printed');
    expect(printed).toHaveLength(1);
    expect(printed[0]!.payload).toMatchObject({ workflowId: handle.workflowId, printer: octo.url, scale: SCALE, stlSha256: part.sha256, gcodeSha256: plate.gcodeSha256, layers: plate.layers, plate: 0 });
    expect(printed[0]!.actor).toBe('replica-test');

    // The print activity heartbeated its progress where the Web UI shows it.
    const percents = heartbeatPercents(seen);
    console.log(`[replica workflow] replicaPrint heartbeats seen: ${percents.length}, max percent ${Math.max(...percents).toFixed(1)}`);
    expect(percents.length).toBeGreaterThanOrEqual(1);

    // Chat: the message carries the preview, and ends up saying printed.
    const posted = notifier.messages.find((m) => m.key === `${handle.workflowId}/replica`);
    expect(posted).toMatchObject({ channel: CHANNEL, image: { path: result.preview } });
    expect(notifier.latestText(handle.workflowId)).toContain('printed');

    // The API key is a secret reference: nowhere in the run's history (payloads decoded).
    const history = historyText(await handle.fetchHistory());
    // (Booleans: a failure must not print the whole history.) The payloads are readable here...
    expect(history.includes(part.sha256), 'the STL hash in the decoded history').toBe(true);
    expect(history.includes(octo.url), 'the printer URL in the decoded history').toBe(true);
    expect(history.includes(KEY_ENV), 'the key variable name stays in the worker config').toBe(false);
    // ...and the key is in none of them.
    expect(history.includes(octo.apiKey), 'the API key in the history').toBe(false);
  }, 60_000);

  it('cancelling the run mid-print cancels the job on OctoPrint', async () => {
    // At about 1:17 the plate prints for tens of seconds: long enough to cancel partway.
    const handle = await start({ host: DB }, queues.main, 0.06);
    const name = `${handle.workflowId}-plate-0.gcode`;
    await until(
      'the print under way on OctoPrint',
      async () => {
        const job = await octoJob(octo);
        return job.state === 'Printing' && job.job.file.name === name && (job.progress.completion ?? 0) > 0 ? job : undefined;
      },
      45_000,
      100,
    );
    expect((await handle.query(replicaStatus)).state).toBe('printing');
    // The Web UI's view: the pending replicaPrint carries the print's progress in its heartbeat
    // (sent at most every 12 s with the workflow's 15 s heartbeat timeout).
    const progress = await until(
      'a heartbeat with progress',
      async () => {
        const beat = (await pendingActivities(handle)).find((a) => a.type === 'replicaPrint')?.heartbeat as { percent: number; state: string; timeLeftS: number | null } | undefined;
        return beat && beat.percent > 0 ? beat : undefined;
      },
      30_000,
      250,
    );
    expect(progress.percent).toBeLessThan(100);
    expect(progress.state).toBe('Printing');
    const atCancel = await octoJob(octo);
    console.log(`[replica workflow] cancel: heartbeat ${progress.percent.toFixed(1)} %, time left ${String(progress.timeLeftS)} s; OctoPrint at ${(atCancel.progress.completion ?? 0).toFixed(1)} %`);
    await handle.cancel();
    const err = await handle.result().then(
      (r: unknown) => new Error(`the run was not cancelled: it ended ${(r as ReplicaStatus).state}`),
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(WorkflowFailedError);
    expect((err as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
    expect((await handle.describe()).status.name).toBe('CANCELLED');
    expect((await handle.query(replicaStatus)).state).toBe('cancelled');

    // The workflow waited for the cancel to land on the printer: no longer printing, operational, short of 100 %.
    const job = await octoJob(octo);
    expect(job.state).toBe('Operational');
    expect(job.job.file.name).toBe(name);
    expect(job.progress.completion ?? 0).toBeLessThan(100);
    expect(await octoPrinterFlags(octo)).toMatchObject({ operational: true, printing: false, cancelling: false, error: false });
    // Nothing printed: no ledger event.
    expect((await ledger.query({ subject: { kind: 'host', id: DB } })).filter((e) => e.type === 'replica.printed')).toEqual([]);
  }, 60_000);

  it('a stopped printer is retried; its final failure names the printer; a refused key fails the run at once', async () => {
    // Nothing listens at deadUrl: replicaPrint fails, and is tried again after 5 s (then 10 s, 20 s, 40 s).
    const handle = await start({ host: WEB2 }, queues.dead);
    const retried = await until(
      'a second attempt of replicaPrint',
      async () => {
        const described = await handle.describe();
        const print = (described.raw.pendingActivities ?? []).find((a) => a.activityType?.name === 'replicaPrint');
        // Attempt 3 scheduled: attempts 1 and 2 both ran (5 s apart) and failed.
        return print && (print.attempt ?? 0) >= 3 ? print : undefined;
      },
      40_000,
      250,
    );
    expect(retried.lastFailure?.message).toContain(`OctoPrint at ${deadUrl} is unreachable`);
    expect((await handle.query(replicaStatus)).state).toBe('printing');
    expect(retried.attempt).toBeGreaterThanOrEqual(3);
    // The remaining backoff (10 s, 20 s, 40 s) is not waited for.
    await handle.terminate('test: retry seen');

    // The final failure, in process: the activity's error, then the run's message as the workflow makes it.
    const activities = createPrintingActivities({ config: printingConfig(testConfig(), deadUrl, KEY_ENV, config.hardware.inventory), notifier, bmcFor: bmcFromEnv(), logger: quiet });
    const gcodeFile = join(mkdtempSync(join(tmpdir(), 'swaybot-replica-gcode-')), 'x.gcode');
    writeFileSync(gcodeFile, 'G28\n');
    const thrown = await new MockActivityEnvironment({ attempt: 5 }, { logger: { ...quiet, log() {}, trace() {} } }).run(activities.replicaPrint, { gcode: gcodeFile, name: 'x.gcode' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(thrown).toBeInstanceOf(ApplicationFailure);
    const failure = thrown as ApplicationFailure;
    expect(failure.type).toBe('OctoPrintError');
    expect(failure.nonRetryable).toBe(false);
    expect(failure.message).toContain(`OctoPrint at ${deadUrl} is unreachable`);
    const finalMessage = `printing plate 0 failed: ${describeFailure(new ActivityFailure('Activity task failed', 'replicaPrint', '1', RetryState.MAXIMUM_ATTEMPTS_REACHED, 'worker', failure))}`;
    expect(finalMessage).toBe(`printing plate 0 failed: OctoPrintError: ${failure.message}`);

    // A printer that refuses the key: not retried, the run fails with ReplicaFailed naming the printer and its answer.
    const refused = await start({ host: WEB2 }, queues.wrongKey);
    const replicaFailed = await runFailure(refused);
    expect(replicaFailed.type).toBe('ReplicaFailed');
    expect(replicaFailed.message).toContain('printing plate 0 failed: OctoPrintError');
    expect(replicaFailed.message).toContain(`OctoPrint at ${octo.url} refused the API key`);
    expect(replicaFailed.message).not.toContain(octo.apiKey);
    expect((await refused.query(replicaStatus)).state).toBe('failed');
  }, 60_000);

  it('bad inventory fails at modelling naming the field and file:line; nothing reaches OctoPrint', async () => {
    const before = await octoFiles(octo);
    const jobBefore = await octoJob(octo);

    // A host without chassis data.
    const bare = await start({ host: BARE });
    const noChassis = await runFailure(bare);
    expect(noChassis.type).toBe('ReplicaFailed');
    expect(noChassis.message).toContain('modelling failed: ReplicaInputError');
    expect(noChassis.message).toContain(`${config.hardware.inventory}:${inventoryLines[BARE]! + 1}:`);
    expect(noChassis.message).toContain(`hosts.${BARE}.chassis: missing`);
    const bareStatus = await bare.query(replicaStatus);
    expect(bareStatus).toMatchObject({ state: 'failed', parts: [], plates: [] });

    // 0U and a negative depth: the inventory itself is refused, each field at its line.
    const zero = await start({ host: ZERO }, queues.bad);
    const invalid = await runFailure(zero);
    expect(invalid.type).toBe('ReplicaFailed');
    expect(invalid.message).toContain('modelling failed: InventoryError');
    expect(invalid.message).toMatch(new RegExp(`${escape(badInventory)}:${badLines[ZERO]! + 6}:\\d+: hosts\\.${ZERO}\\.chassis\\.units: must be at least 1U`));
    expect(invalid.message).toMatch(new RegExp(`${escape(badInventory)}:${badLines[NEG]! + 6}:\\d+: hosts\\.${NEG}\\.chassis\\.depth: must be a positive depth in mm`));

    // Nothing was uploaded, nothing printed.
    expect(await octoFiles(octo)).toEqual(before);
    expect((await octoJob(octo)).job.file.name).toBe(jobBefore.job.file.name);
  }, 30_000);

  it('prints a rack: several parts on their plates, all printed; a host without chassis is skipped', async () => {
    const handle = await start({ rack: RACK });
    const result = (await handle.result()) as ReplicaStatus;
    expect(result.state, result.error).toBe('printed');
    // Bottom to top by rack position.
    expect(result.parts.map((p) => p.host)).toEqual([WEB, WEB2, DB]);
    expect(result.skipped).toHaveLength(1);
    expect(result.skipped[0]).toContain(`${BARE}: `);
    expect(result.skipped[0]).toContain(`hosts.${BARE}.chassis: missing`);
    for (const part of result.parts) expect(sha256(readFileSync(part.stl))).toBe(part.sha256);
    // Every part on exactly one plate; every plate sliced and printed.
    expect(result.plates.length).toBeGreaterThanOrEqual(1);
    expect(result.plates.flatMap((p) => p.hosts).sort()).toEqual([WEB, WEB2, DB].sort());
    for (const plate of result.plates) {
      expect(plate.layers).toBe(expectedLayers(Math.max(...plate.hosts.map((h) => result.parts.find((p) => p.host === h)!.size[2])), config.printing.layerHeight));
      expect(plate).toMatchObject({ percent: 100, printState: 'completed' });
    }
    const files = await octoFiles(octo);
    for (const plate of result.plates) expect(files).toContain(`${handle.workflowId}-plate-${plate.index}.gcode`);
    const job = await octoJob(octo);
    expect(job.job.file.name).toBe(`${handle.workflowId}-plate-${result.plates.at(-1)!.index}.gcode`);
    expect(job.progress.completion).toBe(100);
    // One ledger event per host, each about its host with its own STL hash.
    for (const part of result.parts) {
      const events = (await ledger.query({ subject: { kind: 'host', id: part.host } })).filter((e) => e.type === 'replica.printed' && (e.payload as { workflowId: string }).workflowId === handle.workflowId);
      expect(events).toHaveLength(1);
      expect(events[0]!.payload).toMatchObject({ stlSha256: part.sha256 });
    }
  }, 60_000);
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
