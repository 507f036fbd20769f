/**
 * Temporal down: the receiver answers 503 (which Alertmanager retries) and records nothing;
 * once the server is back on the same database and port, Alertmanager's retries open the
 * incident. The test runs its own dev server, since it stops it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { freePort } from '../../devstack/ports.js';
import { startDevServer, type DevServer } from '../../devstack/temporal-server.js';
import { incidentWorkflowId } from '../../incidents/key.js';
import type { AlertReceiver } from '../../workers/alerts.js';
import { eventually } from '../support-interpreter/harness.js';
import { alertmanagerFor, startAlertmanager, type RunningAlertmanager } from '../support/alertmanager.js';
import { captureLog, metric, post, signalledAlerts, startTestReceiver, workflowExists } from './harness.js';

const found = alertmanagerFor('test/alerts/temporal-down');

describe.runIf(found.binary !== undefined)('alert receiver with Temporal down', () => {
  let devServer: DevServer | undefined;
  let connection: Connection | undefined;
  let receiver: AlertReceiver | undefined;
  let alertmanager: RunningAlertmanager | undefined;
  let dir: string | undefined;

  afterEach(async () => {
    await alertmanager?.stop();
    await receiver?.close();
    await connection?.close();
    await devServer?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('answers 503 and records nothing while the server is down; Alertmanager retries until the incident opens', { timeout: 240_000 }, async () => {
    dir = mkdtempSync(join(tmpdir(), 'swaybot-alerts-down-'));
    const dbFilename = join(dir, 'temporal.db');
    const port = await freePort();
    devServer = await startDevServer({ dbFilename, port, uiPort: false });
    connection = await Connection.connect({ address: devServer.address });
    const client = new Client({ connection });
    const capture = captureLog();
    receiver = await startTestReceiver(client, 'alerts-down', capture, 2000);
    const service = `down-${Date.now().toString(36)}`;

    const up = await post(`${receiver.url}/api/alerts`, { name: 'BeforeOutage', service });
    expect(up.status).toBe(200);
    await devServer.stop();

    const refused = await post(`${receiver.url}/api/alerts`, { name: 'DuringOutage', service, dedupeKey: 'during' });
    expect(refused.status).toBe(503);
    expect(refused.json).toMatchObject({ error: 'temporal-unavailable', message: expect.stringContaining('retry') });
    expect(capture.lines.some((l) => l.level === 'warn' && (l.obj as { reason?: string }).reason === 'temporal-unavailable')).toBe(true);

    alertmanager = await startAlertmanager({ webhookUrl: `${receiver.url}/api/alertmanager`, dir: join(dir, 'alertmanager') });
    const labels = { alertname: 'DiskFull', service, severity: 'critical' };
    await alertmanager.pushAlerts([{ labels }]);
    // Alertmanager is trying and being told 503 (the direct post above was the first refusal).
    await eventually(() => metric(receiver!, 'swaybot_alerts_rejected_total', { reason: 'temporal-unavailable' }), (n) => n >= 2, 'a 503 to Alertmanager', 60_000);
    const [held] = (await (await fetch(`${alertmanager.url}/api/v2/alerts`)).json()) as { fingerprint: string }[];
    const id = incidentWorkflowId(service, held!.fingerprint);

    devServer = await startDevServer({ dbFilename, port, uiPort: false });
    const signals = await eventually(() => signalledAlerts(client, id), (s) => s.length >= 1, `${id} after the restart`, 120_000);
    expect(signals[0]).toMatchObject({ source: 'alertmanager', name: 'DiskFull', service, status: 'firing' });
    // Counted once Temporal answered the receiver, which can be a moment after the history shows the signal.
    await eventually(() => metric(receiver!, 'swaybot_alerts_accepted_total'), (n) => n >= 2, 'the accepted counter');
    // The alert answered 503 left nothing behind; the one from before the outage is still there.
    expect(await workflowExists(client, incidentWorkflowId(service, 'during'))).toBe(false);
    expect(await workflowExists(client, (up.json['incidents'] as string[])[0]!)).toBe(true);
  });
});
