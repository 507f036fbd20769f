/**
 * A real Prometheus Alertmanager pointed at the receiver's webhook endpoint: an alert pushed
 * to Alertmanager becomes the incident `incident-<service>-<fingerprint>`, and its clearing
 * (Alertmanager's `send_resolved`) reaches the same incident.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import { incidentWorkflowId } from '../../incidents/key.js';
import type { AlertReceiver } from '../../workers/alerts.js';
import { eventually } from '../support-interpreter/harness.js';
import { alertmanagerFor, startAlertmanager, type RunningAlertmanager } from '../support/alertmanager.js';
import { connectTestServer, uniqueTaskQueue } from '../support/temporal.js';
import { metric, signalledAlerts, startTestReceiver } from './harness.js';

const found = alertmanagerFor('test/alerts/alertmanager');

describe.runIf(found.binary !== undefined)('Alertmanager → alert receiver', () => {
  let server: Awaited<ReturnType<typeof connectTestServer>>;
  let client: Client;
  let receiver: AlertReceiver | undefined;
  let alertmanager: RunningAlertmanager | undefined;

  beforeAll(async () => {
    server = await connectTestServer();
    client = server.client;
  });
  afterEach(async () => {
    await alertmanager?.stop();
    await receiver?.close();
  });
  afterAll(() => server.close());

  it('an alert pushed to Alertmanager opens incident-<service>-<fingerprint> with that alert, and its clearing joins it', async () => {
    receiver = await startTestReceiver(client, uniqueTaskQueue('alerts'));
    alertmanager = await startAlertmanager({ webhookUrl: `${receiver.url}/api/alertmanager`, dir: mkdtempSync(join(tmpdir(), 'swaybot-am-')) });
    const service = `am-${Date.now().toString(36)}`;
    const labels = { alertname: 'DiskFull', service, severity: 'critical', instance: 'db1:9100' };
    const startsAt = new Date(Date.now() - 60_000).toISOString();

    await alertmanager.pushAlerts([{ labels, annotations: { summary: 'disk 95% full' }, startsAt, generatorURL: 'http://prometheus.example/graph?g0.expr=disk' }]);

    // Alertmanager's own name for the alert is the dedupe key.
    const [held] = (await (await fetch(`${alertmanager.url}/api/v2/alerts?filter=service%3D%22${service}%22`)).json()) as { fingerprint: string }[];
    expect(held?.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    const id = incidentWorkflowId(service, held!.fingerprint);
    expect(id).toBe(`incident-${service}-${held!.fingerprint}`);
    const [first] = await eventually(() => signalledAlerts(client, id), (s) => s.length >= 1, `the alert on ${id}`);
    expect(first).toMatchObject({
      source: 'alertmanager',
      service,
      dedupeKey: held!.fingerprint,
      name: 'DiskFull',
      status: 'firing',
      severity: 'critical',
      labels,
      annotations: { summary: 'disk 95% full' },
      startsAt,
      generatorURL: 'http://prometheus.example/graph?g0.expr=disk',
    });
    // The receiver counts after Temporal answered, which can be a moment after the history shows the signal.
    const opened = await eventually(() => metric(receiver!, 'swaybot_incidents_opened_total'), (n) => n >= 1, 'the opened counter');
    expect(opened).toBe(1);

    await alertmanager.pushAlerts([{ labels, startsAt, endsAt: new Date().toISOString() }]);
    const signals = await eventually(() => signalledAlerts(client, id), (s) => s.some((a) => a.status === 'resolved'), `the clearing on ${id}`);
    expect(signals.at(-1)).toMatchObject({ status: 'resolved', dedupeKey: held!.fingerprint, endsAt: expect.any(String) });
    expect(await metric(receiver, 'swaybot_alerts_received_total', { endpoint: 'alertmanager' })).toBeGreaterThanOrEqual(2);
  });
});
