/**
 * Telemetry → incident on the real dev server: a recorded-style series replayed over UDP as
 * timestamped DogStatsD gauges, with one anomaly injected, opens exactly one incident through
 * the incident workflow; its plot (a PNG) is uploaded to the local Slack and shown in the
 * thread; marking the incident a false positive raises the series' threshold in the daemon.
 */
import { createSocket } from 'node:dgram';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalSlack, type LocalSlack } from '../../chat/local-slack/index.js';
import { SlackNotifier } from '../../chat/slack-notifier.js';
import { markIncidentFalsePositive } from '../../client/incident-actions.js';
import type { Config } from '../../config/schema.js';
import type { IncidentStatus } from '../../incidents/types.js';
import { INCIDENT_WORKFLOW, incidentStatus } from '../../workflows/incident-messages.js';
import { createOpsWorker } from '../../workers/ops-worker.js';
import { startTelemetry, type TelemetryService } from '../../workers/telemetry.js';
import { workflowBundle } from '../support-interpreter/harness.js';
import { testConfig } from '../support-interpreter/test-config.js';
import { connectTestServer, uniqueTaskQueue } from '../support/temporal.js';
import { until } from './until.js';

const BOT_TOKEN = 'xoxb-telemetry-token';
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A day-periodic series with noise, 5-minute steps ending now, one spike at `spikeAt`. */
function series(points: number, spikeAt: number): { t: number; v: number }[] {
  const end = Math.floor(Date.now() / 1000);
  return Array.from({ length: points }, (_, i) => ({
    t: end - (points - 1 - i) * 300,
    v: 60 + 8 * Math.sin((2 * Math.PI * i) / 288) + ((i * 7919) % 17) / 17 + (i === spikeAt ? 45 : 0),
  }));
}

describe('telemetry anomaly → incident (real Temporal dev server)', () => {
  let server: Awaited<ReturnType<typeof connectTestServer>>;
  let client: Client;
  let slack: LocalSlack;
  let worker: Worker;
  let running: Promise<void>;
  let telemetry: TelemetryService;
  let config: Config;
  const taskQueue = uniqueTaskQueue('telemetry');
  const service = `tele-${Date.now().toString(36)}`;

  beforeAll(async () => {
    server = await connectTestServer();
    client = server.client;
    slack = await startLocalSlack({ signingSecret: 'unused', botToken: BOT_TOKEN });
    const base = testConfig();
    const stateDir = mkdtempSync(join(tmpdir(), 'swaybot-telemetry-'));
    config = {
      ...base,
      stateDir,
      incidents: { ...base.incidents, runbooks: stateDir, channel: 'C-INCIDENTS' },
      telemetry: { ...base.telemetry, listen: ['127.0.0.1'], port: 0, metricsPort: 0, detection: { ...base.telemetry.detection, clearAfter: 1000 } },
    };
    telemetry = await startTelemetry({ client, config, taskQueue, storePath: ':memory:' });
    worker = await createOpsWorker({
      connection: server.nativeConnection,
      namespace: server.namespace,
      taskQueue,
      config,
      logger: { debug() {}, info() {}, warn() {}, error() {} },
      notifier: new SlackNotifier({ token: BOT_TOKEN, apiUrl: slack.url }),
      workflowBundle: await workflowBundle(),
      telemetry,
    });
    running = worker.run();
  });

  afterAll(async () => {
    await telemetry?.close();
    worker?.shutdown();
    await running;
    await slack?.close();
    await server?.close();
  });

  it('opens exactly one incident with the plot in its Slack thread; a false positive raises the threshold', async () => {
    const port = telemetry.daemon.addresses[0]!.port;
    const socket = createSocket('udp4');
    const points = series(2000, 1700);
    const lines = points.map((p) => `db.latency:${p.v.toFixed(3)}|g|#service:${service},host:db1|T${p.t}`);
    for (let i = 0; i < lines.length; i += 20) {
      await new Promise<void>((done, fail) => socket.send(lines.slice(i, i + 20).join('\n'), port, '127.0.0.1', (err) => (err ? fail(err) : done())));
      if (i % 400 === 0) await new Promise((r) => setTimeout(r, 5));
    }
    socket.close();
    await until('every point', () => (telemetry.daemon.aggregator.stats().linesAccepted >= points.length ? true : undefined));
    await telemetry.daemon.flushNow();

    const query = `WorkflowType = '${INCIDENT_WORKFLOW}' AND IncidentService = '${service}'`;
    const ids = await until('the incident', async () => {
      const found: string[] = [];
      for await (const w of client.workflow.list({ query })) found.push(w.workflowId);
      return found.length > 0 ? found : undefined;
    });
    const status = await until('the plot line', async () => {
      const s: IncidentStatus = await client.workflow.getHandle(ids[0]!).query(incidentStatus);
      return s.timeline.some((e) => e.attachment) ? s : undefined;
    });
    expect(ids).toHaveLength(1);
    expect(status.labels).toMatchObject({ alertname: 'TelemetryAnomaly', metric: 'db.latency', service, host: 'db1' });
    const plot = status.timeline.find((e) => e.attachment)!.attachment!;
    expect(existsSync(plot.path)).toBe(true);
    expect(readFileSync(plot.path).subarray(0, 8)).toEqual(PNG);

    // In Slack: an image block in the thread showing the uploaded PNG.
    const withImage = await until('the image in the thread', () =>
      slack.recorder.messages('C-INCIDENTS').find((m) => (m.blocks as { type: string }[] | undefined)?.some((b) => b.type === 'image')),
    );
    const image = (withImage.blocks as { type: string; slack_file?: { id: string } }[]).find((b) => b.type === 'image')!;
    const file = slack.recorder.file(image.slack_file!.id)!;
    expect(file.completed).toBe(true);
    expect(file.data!.subarray(0, 8)).toEqual(PNG);
    expect(withImage.threadTs).toBeDefined();

    const seriesKey = status.labels['series']!;
    expect(telemetry.daemon.watch.thresholdOf(seriesKey)).toBeCloseTo(0.5);
    await markIncidentFalsePositive(client, ids[0]!, 'alice', 'maintenance window');
    await until('the threshold raised', () => (telemetry.daemon.watch.thresholdOf(seriesKey) > 0.55 ? true : undefined));
    expect(telemetry.daemon.watch.thresholdOf(seriesKey)).toBeCloseTo(0.6);
    const saved = JSON.parse(readFileSync(join(config.stateDir, 'telemetry', 'false-positives.json'), 'utf8')) as Record<string, number>;
    expect(saved[seriesKey]).toBe(1);
  });
});
