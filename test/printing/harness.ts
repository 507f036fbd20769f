/**
 * Helpers of the replica printing workflow tests: OctoPrint's virtual printer made to heat at
 * once (its ambient temperature above every target, so M190/M109 return at once and a small
 * plate prints in seconds), OctoPrint's files and job as its REST API shows them, a notifier
 * that records what it was given, the pending activities of a run as the Web UI shows them
 * (attempt, last failure, decoded heartbeat details) and test inventories.
 */
import { RecordingNotifier as SharedRecordingNotifier } from '../incidents-workflow/recording-notifier.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import type { RunningOctoPrint } from '../support/octoprint.js';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function api(octo: RunningOctoPrint, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${octo.url}${path}`, {
    method,
    headers: { 'X-Api-Key': octo.apiKey, 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`OctoPrint ${method} ${path}: ${res.status} ${text.slice(0, 200)}`);
  return text.trim() ? (JSON.parse(text) as unknown) : undefined;
}

/**
 * Makes the virtual printer's heaters ready at once: its ambient temperature (where every heater
 * starts, and where it cools to) is set above our profile's 210 °C nozzle and 60 °C bed, so the
 * start G-code's M190/M109 (wait only while lower) return at once instead of simulating ~20 s of
 * heating. The virtual printer reads its settings when it connects, so it is reconnected.
 */
export async function fastHeaters(octo: RunningOctoPrint, ambient = 215): Promise<void> {
  await api(octo, 'POST', '/api/settings', { plugins: { virtual_printer: { ambientTemperature: ambient } } });
  await api(octo, 'POST', '/api/connection', { command: 'disconnect' });
  await pollUntil('the virtual printer disconnected', async () => {
    const state = ((await api(octo, 'GET', '/api/connection')) as { current: { state: string } }).current.state;
    return state === 'Closed' || state.startsWith('Offline');
  });
  await api(octo, 'POST', '/api/connection', { command: 'connect', port: 'VIRTUAL', baudrate: 115200 });
  await pollUntil('the virtual printer operational again', async () => ((await api(octo, 'GET', '/api/connection')) as { current: { state: string } }).current.state === 'Operational');
}

async function pollUntil(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await wait(100);
  }
}

/** The names of the files in OctoPrint's local storage. */
export async function octoFiles(octo: RunningOctoPrint): Promise<string[]> {
  const body = (await api(octo, 'GET', '/api/files/local?recursive=true')) as { files: { name: string }[] };
  return body.files.map((f) => f.name).sort();
}

export interface OctoJob {
  state: string;
  job: { file: { name: string | null }; lastPrintTime: number | null };
  progress: { completion: number | null };
}

/** `GET /api/job` as OctoPrint answers it. */
export const octoJob = (octo: RunningOctoPrint): Promise<OctoJob> => api(octo, 'GET', '/api/job') as Promise<OctoJob>;

/** `GET /api/printer`'s state flags. */
export async function octoPrinterFlags(octo: RunningOctoPrint): Promise<{ operational: boolean; printing: boolean; cancelling: boolean; error: boolean }> {
  const body = (await api(octo, 'GET', '/api/printer?exclude=temperature,sd')) as { state: { flags: { operational: boolean; printing: boolean; cancelling: boolean; error: boolean } } };
  return body.state.flags;
}

/** Records what the workflow posts and updates (a replica's message carries the preview PNG). The shared recording notifier of the incident tests, read by workflow id. */
export class RecordingNotifier extends SharedRecordingNotifier {
  /** The text `workflowId`'s message shows now (its last update, else its post). */
  latestText(workflowId: string): string | undefined {
    return this.latestTextOf(`${workflowId}/replica`);
  }
}

/** A pending activity of a run, as `describe()` shows it (what the Web UI shows). */
export interface SeenActivity {
  type: string;
  attempt: number;
  lastFailure?: string;
  heartbeat?: unknown;
}

export async function pendingActivities(handle: WorkflowHandle): Promise<SeenActivity[]> {
  const described = await handle.describe();
  return (described.raw.pendingActivities ?? []).map((a) => {
    const payload = a.heartbeatDetails?.payloads?.[0];
    return {
      type: a.activityType?.name ?? '?',
      attempt: a.attempt ?? 0,
      ...(a.lastFailure?.message ? { lastFailure: a.lastFailure.message } : {}),
      ...(payload ? { heartbeat: defaultPayloadConverter.fromPayload(payload) } : {}),
    };
  });
}

/** Polls a run's pending activities every `everyMs` until `stop()`; keeps each one seen. */
export function watchActivities(handle: WorkflowHandle, everyMs = 150): { seen: SeenActivity[]; stop(): Promise<SeenActivity[]> } {
  const seen: SeenActivity[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      try {
        seen.push(...(await pendingActivities(handle)));
      } catch {
        // The run may not exist yet or just ended; keep polling until stopped.
      }
      await wait(everyMs);
    }
  })();
  return {
    seen,
    async stop() {
      stopped = true;
      await loop;
      return seen;
    },
  };
}

/**
 * The history as text with every payload decoded (`data` and `metadata` bytes, as bytes or as the
 * base64 JSON form shows them), so a secret in any payload, failure or detail shows.
 */
export function historyText(history: unknown): string {
  return JSON.stringify(history, (key, value: unknown) => {
    if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
    if (key === 'data' && typeof value === 'string') return Buffer.from(value, 'base64').toString('utf8');
    return value;
  });
}

export interface InventoryHost {
  rack: string;
  position: number;
  /** The `chassis` block's YAML flow text, or undefined to leave it out. */
  chassis?: string;
}

/**
 * Writes `inventory.yaml` in `dir`: each host's BMC is a Redfish endpoint on a closed port whose
 * password variable is unset, so FRU reads fail at once and the model uses the inventory's text.
 * Returns the path and the 1-based line of each host's name.
 */
export function writeInventory(dir: string, hosts: Record<string, InventoryHost>, closedPort: number): { path: string; lines: Record<string, number> } {
  const out = ['# replica printing test inventory', 'hosts:'];
  const lines: Record<string, number> = {};
  for (const [name, h] of Object.entries(hosts)) {
    lines[name] = out.length + 1;
    out.push(
      `  ${name}:`,
      `    bmc: { address: 127.0.0.1, port: ${closedPort}, protocol: redfish, scheme: http, credentials: { username: admin, password: { env: SWAYBOT_REPLICA_TEST_UNSET_PASSWORD } } }`,
      `    rack: ${h.rack}`,
      `    position: ${h.position}`,
      '    vendor: Dell',
      '    model: PowerEdge R650',
    );
    if (h.chassis !== undefined) out.push(`    chassis: ${h.chassis}`);
  }
  const path = join(dir, 'inventory.yaml');
  writeFileSync(path, `${out.join('\n')}\n`);
  return { path, lines };
}
