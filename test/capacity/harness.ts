/**
 * Pieces for the capacity workflow tests: a daily load cycle with its peak at a chosen hour, a
 * local webhook scaler receiver (GET answers what runs, POST records the change and applies
 * it), a notifier that records plan messages, hourly gauge rollups for the embedded store and
 * the power of an ipmi_sim host read over IPMI with ipmitool.
 */
import { RecordingNotifier as SharedRecordingNotifier } from '../incidents-workflow/recording-notifier.js';
import { execFile } from 'node:child_process';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import type { IpmiSim } from '../../devstack/sim/ipmi-sim.js';
import type { Rollup } from '../../telemetry/rollup/types.js';

export const HOUR = 3_600_000;

export const hourFloor = (t: number): number => Math.floor(t / HOUR) * HOUR;

/**
 * Load with a 24 h period: `base + amplitude · cos(…)`, highest (`base + amplitude`) at `peakAt`
 * and every 24 h from it, lowest (`base − amplitude`) 12 h away.
 */
export function dailyLoad(peakAt: number, base: number, amplitude: number): (t: number) => number {
  return (t) => base + amplitude * Math.cos((2 * Math.PI * ((t - peakAt) / HOUR)) / 24);
}

/** Hourly timestamps `[from, to)`. */
export function hoursBetween(from: number, to: number): number[] {
  const out: number[] = [];
  for (let t = from; t < to; t += HOUR) out.push(t);
  return out;
}

/** One hourly gauge rollup of the embedded store (series key as statsd/ builds it). */
export function gaugeRollup(name: string, tags: Record<string, string>, start: number, value: number): Rollup {
  const sorted = Object.keys(tags).sort().map((k) => `${k}:${tags[k]}`);
  const series = `${name}|g${sorted.length > 0 ? `|#${sorted.join(',')}` : ''}`;
  return { series, name, type: 'gauge', tags, start, end: start + 10_000, count: 1, sum: value, min: value, max: value, rate: 0.1, last: value };
}

export interface WebhookCall {
  method: 'GET' | 'POST';
  service: string;
  headers: IncomingHttpHeaders;
  /** The POST's JSON body. */
  body?: Record<string, unknown>;
}

export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>/scale`. */
  url: string;
  calls: WebhookCall[];
  /** Replicas each service runs (what GET answers; a POST sets it). */
  replicas: Map<string, number>;
  posts(service: string): WebhookCall[];
  close(): Promise<void>;
}

/** The other side of the webhook scaler, as docs/capacity.md describes it. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const calls: WebhookCall[] = [];
  const replicas = new Map<string, number>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const answer = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (url.pathname !== '/scale') return answer(404, { error: 'not found' });
      if (req.method === 'GET') {
        const service = url.searchParams.get('service') ?? '';
        calls.push({ method: 'GET', service, headers: req.headers });
        const current = replicas.get(service);
        return current === undefined ? answer(404, { error: `unknown service ${service}` }) : answer(200, { replicas: current });
      }
      if (req.method === 'POST') {
        let body: Record<string, unknown>;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
        } catch {
          return answer(400, { error: 'not JSON' });
        }
        const service = String(body['service']);
        calls.push({ method: 'POST', service, headers: req.headers, body });
        if (typeof body['replicas'] === 'number') replicas.set(service, body['replicas']);
        return answer(200, { ok: true });
      }
      return answer(405, { error: 'method not allowed' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/scale`,
    calls,
    replicas,
    posts: (service) => calls.filter((c) => c.method === 'POST' && c.service === service),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Keeps every plan message and update (Slack is not what these tests are about). The shared recording notifier of the incident tests, read by workflow id. */
export class RecordingNotifier extends SharedRecordingNotifier {
  /** The text `workflowId`'s message shows now (its last update, else its post). */
  latestText(workflowId: string): string | undefined {
    return this.latestTextOf(`${workflowId}/plan`);
  }
}

const run = promisify(execFile);

function ipmitool(sim: IpmiSim, ...command: string[]): Promise<{ stdout: string }> {
  return run('ipmitool', ['-I', 'lanplus', '-H', sim.address, '-p', String(sim.port), '-U', sim.username, '-E', '-C', '3', '-N', '1', '-R', '3', ...command], {
    env: { ...process.env, IPMI_PASSWORD: sim.password },
    timeout: 10_000,
  });
}

/** `on` or `off`, as the simulated BMC answers `chassis power status` over IPMI. */
export async function ipmiPower(sim: IpmiSim): Promise<'on' | 'off'> {
  const { stdout } = await ipmitool(sim, 'chassis', 'power', 'status');
  const m = /Chassis Power is (on|off)/i.exec(stdout);
  if (!m) throw new Error(`unexpected ipmitool output: ${stdout.trim()}`);
  return m[1]!.toLowerCase() as 'on' | 'off';
}

/** Powers the simulated host off over IPMI (how a test starts with spares off). */
export async function ipmiPowerOff(sim: IpmiSim): Promise<void> {
  await ipmitool(sim, 'chassis', 'power', 'off');
}
