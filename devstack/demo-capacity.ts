/**
 * The demo's capacity plan: the demo service's load history (capacity/demo-history.ts) sent over
 * UDP as timestamped gauges into the telemetry daemon, so the embedded store holds it like any
 * metric (tagged `anomaly_detection:off`: it is history, not news), then one capacity run of `demo-service` whose plan waits for approval (the drill pool
 * scales down for the quiet hours and back up for the peak). A run already waiting (a restart) is
 * shown instead of starting another.
 */
import type { Client } from '@temporalio/client';
import { DEMO_METRIC, DEMO_SERVICE, demoHistory } from '../capacity/demo-history.js';
import { getCapacityRun, latestCapacityRun, startCapacityRun } from '../client/capacity.js';
import { replayLines, sendLines } from '../telemetry/replay.js';
import { NO_DETECTION_TAG } from '../telemetry/watch.js';
import type { CapacityStatus } from '../workflows/capacity-messages.js';

const HOUR_MS = 3_600_000;

export interface DemoCapacity {
  workflowId: string;
  status: CapacityStatus;
  resumed: boolean;
}

export interface DemoCapacityOptions {
  udp: string;
  /** The telemetry daemon's /metrics, polled until the history shows there (its flush window closed). */
  metricsUrl: string;
  taskQueue: string;
  mlTaskQueue: string;
  timeoutMs?: number;
  now?: () => number;
}

export async function ensureDemoCapacity(client: Client, options: DemoCapacityOptions): Promise<DemoCapacity> {
  const deadline = Date.now() + (options.timeoutMs ?? 180_000);
  const existing = await latestCapacityRun(client, DEMO_SERVICE);
  if (existing) {
    const status = await getCapacityRun(client, existing).catch(() => undefined);
    if (status?.state === 'awaiting-approval') return { workflowId: existing, status, resumed: true };
  }
  const end = Math.floor((options.now ?? Date.now)() / HOUR_MS) * HOUR_MS;
  const history = demoHistory(end);
  const points = history.timestamps.map((t, i) => ({ t, value: history.values[i]! }));
  const url = new URL(options.udp);
  await sendLines(replayLines(points, DEMO_METRIC, { service: DEMO_SERVICE, [NO_DETECTION_TAG.key]: NO_DETECTION_TAG.value }, points[points.length - 1]!.t), { host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port) });
  await waitForSeries(options.metricsUrl, DEMO_METRIC.replace(/\./g, '_'), deadline);
  const workflowId = await startCapacityRun(client, DEMO_SERVICE, { taskQueue: options.taskQueue, mlTaskQueue: options.mlTaskQueue });
  for (;;) {
    const status = await getCapacityRun(client, workflowId);
    if (status.state !== 'forecasting') return { workflowId, status, resumed: false };
    if (Date.now() > deadline) return { workflowId, status, resumed: false };
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Waits until the daemon's exposition lists `name` (the window holding the history was flushed to the store). */
async function waitForSeries(metricsUrl: string, name: string, deadline: number): Promise<void> {
  for (;;) {
    const text = await fetch(metricsUrl)
      .then((r) => r.text())
      .catch(() => '');
    if (text.includes(name)) return;
    if (Date.now() > deadline) throw new Error(`the telemetry daemon did not report ${name} at ${metricsUrl} in time`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
