/**
 * The alert receiver against the shared Temporal dev server, no worker: repeated alerts join
 * one incident, distinct alerts each open their own (none lost, none doubled), refused bodies
 * start nothing and are counted by reason, and the side routes answer.
 */
import { request } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import { incidentWorkflowId } from '../../incidents/key.js';
import type { AlertReceiver } from '../../workers/alerts.js';
import { eventually } from '../support-interpreter/harness.js';
import { connectTestServer, uniqueTaskQueue } from '../support/temporal.js';
import { captureLog, fixture, metric, post, signalledAlerts, startTestReceiver, TEST_MAX_BODY_BYTES, workflowExists } from './harness.js';

let server: Awaited<ReturnType<typeof connectTestServer>>;
let client: Client;
let receiver: AlertReceiver | undefined;

beforeAll(async () => {
  server = await connectTestServer();
  client = server.client;
});
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});
afterAll(() => server.close());

const uniqueService = (prefix: string) => `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** Incident ids of a service, as the Web UI's search finds them. */
async function incidentsOf(service: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const execution of client.workflow.list({ query: `IncidentService = "${service}"` })) ids.push(execution.workflowId);
  return ids.sort();
}

describe('alert receiver: alerts into incidents', () => {
  it('the same alert sent 20 times at once lands on one incident with 20 signals', async () => {
    receiver = await startTestReceiver(client, uniqueTaskQueue('alerts'));
    const service = uniqueService('dup');
    const alert = { name: 'DiskFull', service, severity: 'critical', labels: { instance: 'db1' } };

    const answers = await Promise.all(Array.from({ length: 20 }, () => post(`${receiver!.url}/api/alerts`, alert)));

    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    const ids = new Set(answers.flatMap((a) => a.json['incidents'] as string[]));
    expect(ids.size).toBe(1);
    const [id] = [...ids] as [string];
    expect(id).toMatch(new RegExp(`^incident-${service}-[0-9a-f]{8}$`));
    // Exactly one of the 20 requests started the run; the others joined it.
    expect(answers.filter((a) => (a.json['opened'] as string[]).includes(id))).toHaveLength(1);

    const signals = await signalledAlerts(client, id);
    expect(signals).toHaveLength(20);
    expect(signals.every((s) => s.name === 'DiskFull' && s.service === service && s.labels['instance'] === 'db1' && s.severity === 'critical')).toBe(true);
    const described = await client.workflow.getHandle(id).describe();
    expect(described.type).toBe('incidentWorkflow');
    expect(described.status.name).toBe('RUNNING');
    expect(described.searchAttributes).toMatchObject({ IncidentService: [service], IncidentSeverity: ['critical'], IncidentState: ['triggered'] });
    expect(await eventually(() => incidentsOf(service), (found) => found.length > 0, 'the incident in visibility')).toEqual([id]);

    expect(await metric(receiver, 'swaybot_alerts_received_total', { endpoint: 'generic' })).toBe(20);
    expect(await metric(receiver, 'swaybot_alerts_accepted_total')).toBe(20);
    expect(await metric(receiver, 'swaybot_incidents_opened_total')).toBe(1);
    expect(await metric(receiver, 'swaybot_incidents_joined_total')).toBe(19);
    expect(await metric(receiver, 'swaybot_alert_accept_seconds_count')).toBe(20);
  });

  it('50 distinct alerts at once (10 requests of 5) open 50 incidents, none lost, none doubled', async () => {
    receiver = await startTestReceiver(client, uniqueTaskQueue('alerts'));
    const service = uniqueService('many');
    const batches = Array.from({ length: 10 }, (_, b) =>
      Array.from({ length: 5 }, (_, i) => ({ name: 'HighLatency', service, labels: { instance: `web${b * 5 + i}` } })),
    );

    const answers = await Promise.all(batches.map((batch) => post(`${receiver!.url}/api/alerts`, batch)));

    expect(answers.map((a) => [a.status, a.json['accepted']])).toEqual(Array(10).fill([200, 5]));
    const ids = answers.flatMap((a) => a.json['incidents'] as string[]);
    expect(new Set(ids).size).toBe(50);
    for (const id of ids) {
      const signals = await signalledAlerts(client, id);
      expect(signals, id).toHaveLength(1);
      expect(incidentWorkflowId(service, signals[0]!.dedupeKey)).toBe(id);
    }
    const instances = (await Promise.all(ids.map((id) => signalledAlerts(client, id)))).map((s) => s[0]!.labels['instance']);
    expect(new Set(instances).size).toBe(50);
    expect(await eventually(() => incidentsOf(service), (found) => found.length >= 50, '50 incidents in visibility')).toEqual([...ids].sort());
    expect(await metric(receiver, 'swaybot_incidents_opened_total')).toBe(50);
    expect(await metric(receiver, 'swaybot_incidents_joined_total')).toBe(0);
  });
});

interface MalformedCase {
  file: string;
  endpoint: string;
  status: number;
  reason: string;
}

describe('alert receiver: refused bodies', () => {
  it('answers each malformed body 400 or 413 with its reason, counts it by reason, and starts nothing', async () => {
    const capture = captureLog();
    receiver = await startTestReceiver(client, uniqueTaskQueue('alerts'), capture);
    const cases = JSON.parse(fixture('malformed/cases.json')) as MalformedCase[];

    for (const c of cases) {
      const answer = await post(`${receiver.url}${c.endpoint}`, fixture(`malformed/${c.file}`));
      expect({ file: c.file, status: answer.status, error: answer.json['error'] }).toEqual({ file: c.file, status: c.status, error: c.reason });
      expect(answer.json['message'], c.file).toEqual(expect.stringMatching(/\S/));
    }

    const exposition = await (await fetch(`${receiver.url}/metrics`)).text();
    const byReason = new Map<string, number>();
    for (const c of cases) byReason.set(c.reason, (byReason.get(c.reason) ?? 0) + 1);
    for (const [reason, count] of byReason) expect(exposition).toContain(`swaybot_alerts_rejected_total{reason="${reason}"} ${count}\n`);
    expect(exposition).toContain('swaybot_alerts_accepted_total 0\n');
    const refusals = capture.lines.filter((l) => l.level === 'warn');
    expect(refusals).toHaveLength(cases.length);
    for (const line of refusals) expect(String((line.obj as { body?: string }).body ?? '').length).toBeLessThanOrEqual(200);

    // The bodies' own ids were never started: the fixtures' Alertmanager fingerprint among them.
    expect(await workflowExists(client, 'incident-malformed-corpus-d40fc7db1abbc59f')).toBe(false);
    // A valid alert about the same service afterwards is the only incident search finds.
    const sentinel = await post(`${receiver.url}/api/alerts`, fixture('generic.json'));
    expect(sentinel.status).toBe(200);
    expect(await eventually(() => incidentsOf('malformed-corpus'), (found) => found.length > 0, 'the sentinel incident')).toEqual(sentinel.json['incidents']);
  });

  it('refuses a body without a length as soon as it passes the limit: 413 while the sender is still sending', async () => {
    receiver = await startTestReceiver(client, uniqueTaskQueue('alerts'));
    const cap = 4 * 1024 * 1024;
    const answer = await postChunked(`${receiver.url}/api/alertmanager`, cap);
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ error: 'body-too-large' });
    // Answered long before the sender was done: the server stopped at the limit, not at the end.
    expect(answer.written).toBeLessThan(cap);
    expect(await metric(receiver, 'swaybot_alerts_rejected_total', { reason: 'body-too-large' })).toBe(1);
    expect(TEST_MAX_BODY_BYTES).toBeLessThan(answer.written);
  });

  it('answers health, metrics, wrong methods and unknown paths', async () => {
    receiver = await startTestReceiver(client, uniqueTaskQueue('alerts'));
    const health = await fetch(`${receiver.url}/healthz`);
    expect([health.status, await health.text()]).toEqual([200, 'ok\n']);
    const metrics = await fetch(`${receiver.url}/metrics`);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await metrics.text()).toContain('swaybot_alerts_received_total{endpoint="alertmanager"} 0\n');
    const get = await fetch(`${receiver.url}/api/alerts`);
    expect([get.status, get.headers.get('allow')]).toEqual([405, 'POST']);
    const unknown = await fetch(`${receiver.url}/api/v2/alerts`, { method: 'POST', body: '[]' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: 'not-found', message: expect.stringContaining('POST /api/alertmanager') });
  });
});

/** Streams a JSON-ish body in 1 KiB chunks with no Content-Length until the server answers or `cap` bytes are sent. */
function postChunked(url: string, cap: number): Promise<{ status: number; body: string; written: number }> {
  return new Promise((resolve, reject) => {
    let written = 0;
    let answered = false;
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json' } });
    req.on('response', (res) => {
      answered = true;
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => (body += c)).on('end', () => resolve({ status: res.statusCode ?? 0, body, written }));
    });
    // The server closes the connection after its 413; writes after that may fail.
    req.on('error', (err) => {
      if (!answered) reject(err);
    });
    const chunk = `{"pad":"${'x'.repeat(1000)}"},`;
    const pump = () => {
      while (!answered && written < cap) {
        written += Buffer.byteLength(chunk);
        if (!req.write(chunk)) {
          req.once('drain', pump);
          return;
        }
        if (written % (64 * 1024) < chunk.length) {
          setImmediate(pump);
          return;
        }
      }
      if (!answered) req.end();
    };
    pump();
  });
}
