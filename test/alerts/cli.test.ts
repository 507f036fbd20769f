/**
 * `swaybot alert fire`, run in this process against a receiver on the shared test server:
 * it prints the incident it opened or joined, finds the receiver from `alerts.port`, and
 * says clearly when no receiver runs or when it refuses.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import { freePort } from '../../devstack/ports.js';
import type { AlertReceiver } from '../../workers/alerts.js';
import { cliEnv } from '../cli/cli.js';
import { runInProcess } from '../cli/in-process.js';
import { connectTestServer, uniqueTaskQueue } from '../support/temporal.js';
import { metric, signalledAlerts, startTestReceiver } from './harness.js';

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

/** An environment whose config file sets `alerts.port` (and an empty state folder, as cliEnv's). */
function envWithAlertsPort(port: number): NodeJS.ProcessEnv {
  const dir = mkdtempSync(join(tmpdir(), 'swaybot-alert-cli-'));
  const config = join(dir, 'swaybot.config.yaml');
  writeFileSync(config, `stateDir: ${JSON.stringify(join(dir, 'state'))}\nalerts:\n  port: ${port}\n`);
  return cliEnv({ extra: { SWAYBOT_CONFIG: config } });
}

describe('swaybot alert fire', () => {
  it('opens an incident, then joins it, and sends the clearing with --resolve', async () => {
    receiver = await startTestReceiver(client, uniqueTaskQueue('alerts-cli'));
    const service = `cli-${Date.now().toString(36)}`;
    const args = ['alert', 'fire', 'DiskFull', '--service', service, '--severity', 'critical', '--label', 'instance=db1', '-l', 'team=storage', '--url', receiver.url];

    const first = await runInProcess(args);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const opened = first.stdout.match(new RegExp(`^✔ DiskFull \\(firing\\) opened incident (incident-${service}-[0-9a-f]{8})$`, 'm'));
    expect(opened, first.stdout).not.toBeNull();
    const id = opened![1]!;

    const second = await runInProcess(args);
    expect([second.code, second.stdout]).toEqual([0, expect.stringContaining(`✔ DiskFull (firing) joined incident ${id}\n`)]);
    const cleared = await runInProcess([...args, '--resolve']);
    expect([cleared.code, cleared.stdout]).toEqual([0, expect.stringContaining(`✔ DiskFull (resolved) joined incident ${id}\n`)]);

    const signals = await signalledAlerts(client, id);
    expect(signals.map((s) => s.status)).toEqual(['firing', 'firing', 'resolved']);
    expect(signals[0]).toMatchObject({ name: 'DiskFull', service, severity: 'critical', labels: { alertname: 'DiskFull', service, severity: 'critical', instance: 'db1', team: 'storage' } });
  });

  it('finds the receiver on 127.0.0.1:<alerts.port> from the config when --url is not given', async () => {
    receiver = await startTestReceiver(client, uniqueTaskQueue('alerts-cli'));
    const result = await runInProcess(['alert', 'fire', 'NoUrl', '--service', 'cli-default-url'], envWithAlertsPort(receiver.port));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^✔ NoUrl \(firing\) (opened|joined) incident incident-cli-default-url-[0-9a-f]{8}$/m);
    expect(await metric(receiver, 'swaybot_alerts_accepted_total')).toBe(1);
  });

  it('names the URL and `swaybot up` when no receiver runs there', async () => {
    const port = await freePort();
    const result = await runInProcess(['alert', 'fire', 'Nobody', '--service', 'x'], envWithAlertsPort(port));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`No alert receiver at http://127.0.0.1:${port}`);
    expect(result.stderr).toContain('`swaybot up` starts one');
  });

  it('passes the receiver’s refusal on, and refuses a bad --label before sending anything', async () => {
    receiver = await startTestReceiver(client, uniqueTaskQueue('alerts-cli'));
    const refused = await runInProcess(['alert', 'fire', 'Bad', '--service', 'x', '--url', receiver.url, '--label', 'x='.padEnd(9000, 'y')]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`The alert receiver at ${receiver.url} refused the alert (413 body-too-large`);

    const usage = await runInProcess(['alert', 'fire', 'Bad', '--url', receiver.url, '--label', 'novalue']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('Unexpected --label `novalue`, expected name=value');
    expect(await metric(receiver, 'swaybot_alerts_received_total', { endpoint: 'generic' })).toBe(1);
  });
});
