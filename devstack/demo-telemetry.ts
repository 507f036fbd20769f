/**
 * The demo's telemetry: a machine's temperature replayed over UDP into the worker's telemetry
 * daemon, so `npm start` shows an anomaly opening an incident. With the NAB corpus beside the
 * clone (../shared/data/nab, or SWAYBOT_SHARED_DATA) it replays NAB's recorded
 * `machine_temperature_system_failure` series (an industrial machine that failed); without it,
 * a seeded synthetic day-periodic series with a failure ramp at its end. Skipped when the demo
 * machine's incident already exists (a restart), so it opens exactly one.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { column, numberColumn, readCsv } from '../ml/nab/csv.js';
import { defaultNabDir } from '../ml/nab/corpus.js';
import { replayLines, sendLines, type ReplayPoint } from '../telemetry/replay.js';
import { INCIDENT_WORKFLOW } from '../workflows/incident-messages.js';

export const DEMO_MACHINE_SERVICE = 'demo-machine';
const NAB_FILE = join('realKnownCause', 'machine_temperature_system_failure.csv');

export interface DemoTelemetry {
  /** Where the points came from, for the banner. */
  source: string;
  points: number;
  /** The incident it opened (or had opened on an earlier start). */
  incidentId?: string;
  resumed: boolean;
}

/** The series to replay: NAB's recorded machine, else the synthetic one. */
export function demoSeries(env: NodeJS.ProcessEnv = process.env): { source: string; points: ReplayPoint[] } {
  const file = join(defaultNabDir(env), 'data', NAB_FILE);
  if (existsSync(file)) {
    const table = readCsv(file);
    const times = column(table, 'timestamp').map((t) => Date.parse(`${t.replace(' ', 'T')}Z`));
    const values = numberColumn(table, 'value');
    return { source: `NAB ${NAB_FILE}`, points: times.map((t, i) => ({ t, value: values[i]! })) };
  }
  // 14 days at 5 minutes: a daily cycle with noise, then the machine overheats in its last hours.
  let seed = 0x5eed;
  const noise = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32 - 0.5) * 2;
  const n = 14 * 288;
  const points = Array.from({ length: n }, (_, i) => {
    const ramp = i > n - 60 ? (i - (n - 60)) * 0.9 : 0;
    return { t: Date.UTC(2026, 0, 1) + i * 300_000, value: 70 + 6 * Math.sin((2 * Math.PI * i) / 288) + noise() + ramp };
  });
  return { source: 'a synthetic machine (seeded; the NAB corpus is not beside the clone)', points };
}

/** Replays the demo series to `udp` (`udp://host:port`) unless its incident exists; waits for the incident. */
export async function ensureDemoTelemetry(client: Client, udp: string, options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<DemoTelemetry> {
  const found = await demoIncident(client);
  const { source, points } = demoSeries(options.env);
  if (found) return { source, points: points.length, incidentId: found, resumed: true };
  const url = new URL(udp);
  await sendLines(replayLines(points, 'machine.temperature', { service: DEMO_MACHINE_SERVICE, host: 'machine-1' }, Date.now()), {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: Number(url.port),
  });
  // The daemon scores the points when its window closes (10 s by default), then opens the incident.
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    const id = await demoIncident(client);
    if (id || Date.now() > deadline) return { source, points: points.length, ...(id ? { incidentId: id } : {}), resumed: false };
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function demoIncident(client: Client): Promise<string | undefined> {
  for await (const w of client.workflow.list({ query: `WorkflowType = '${INCIDENT_WORKFLOW}' AND IncidentService = '${DEMO_MACHINE_SERVICE}'`, pageSize: 1 })) return w.workflowId;
  return undefined;
}
