/**
 * A real Prometheus Alertmanager for the alert tests: our own config (every alert its own
 * group, short timers, one webhook receiver), a free loopback port, a throwaway storage
 * folder, no clustering. Bootstrap installs it (Debian `prometheus-alertmanager`); where it
 * is missing the tests skip, saying how to install it, except under CI, where that fails.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { freePort } from '../../devstack/ports.js';
import { isCi } from './shared-data.js';

/** The command that installs it, as bootstrap runs it. */
export const ALERTMANAGER_INSTALL = 'sudo apt-get install -y prometheus-alertmanager';

export type AlertmanagerBinary = { binary: string; missing?: undefined } | { binary?: undefined; missing: string };

/**
 * The Alertmanager binary: `$SWAYBOT_ALERTMANAGER_BIN`, else `prometheus-alertmanager`
 * (Debian's name) or `alertmanager` (upstream's) on PATH. Missing: outside CI, why and how to
 * install it; under CI, throws that.
 */
export function findAlertmanager(env: NodeJS.ProcessEnv = process.env): AlertmanagerBinary {
  const explicit = env['SWAYBOT_ALERTMANAGER_BIN'];
  if (explicit && existsSync(explicit)) return { binary: explicit };
  if (!explicit) {
    for (const dir of (env['PATH'] ?? '').split(delimiter)) {
      for (const name of ['prometheus-alertmanager', 'alertmanager']) {
        if (dir && existsSync(join(dir, name))) return { binary: join(dir, name) };
      }
    }
  }
  const missing = explicit
    ? `SWAYBOT_ALERTMANAGER_BIN=${explicit} does not exist`
    : `Prometheus Alertmanager not found on PATH (prometheus-alertmanager or alertmanager). Install it: ${ALERTMANAGER_INSTALL} (npm run bootstrap does this as root), or set SWAYBOT_ALERTMANAGER_BIN`;
  if (isCi(env)) throw new Error(`${missing}. CI runs the Alertmanager tests, so a missing Alertmanager fails the run.`);
  return { missing };
}

const warned = new Set<string>();

/** `findAlertmanager`, printing `[file] not run: reason` once when it is missing; use with `describe.runIf`. */
export function alertmanagerFor(file: string): AlertmanagerBinary {
  const found = findAlertmanager();
  if (found.missing !== undefined && !warned.has(file)) {
    warned.add(file);
    console.warn(`[${file}] not run: ${found.missing}`);
  }
  return found;
}

/** An alert as Alertmanager's API v2 (`POST /api/v2/alerts`) takes it. */
export interface PostableAlert {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt?: string;
  endsAt?: string;
  generatorURL?: string;
}

export interface RunningAlertmanager {
  url: string;
  /** Sends alerts to Alertmanager as Prometheus would; rejects unless it answers 200. */
  pushAlerts(alerts: PostableAlert[]): Promise<void>;
  /** Stops it (SIGTERM, then SIGKILL after 5 s) and waits for it to exit. */
  stop(): Promise<void>;
}

export interface AlertmanagerOptions {
  /** The receiver's webhook URL, e.g. `http://127.0.0.1:1234/api/alertmanager`. */
  webhookUrl: string;
  /** A folder of the test's own: config, storage and log go in it. */
  dir: string;
  binary?: string;
  /** How long to wait for `/-/ready` (default 30 s). */
  readyTimeoutMs?: number;
}

/**
 * Alertmanager's configuration for tests: `group_by: ['...']` makes each distinct label set
 * its own group, so each alert is sent on its own after `group_wait`, and a failed send is
 * sent again every `group_interval` (Alertmanager retries 5xx within a send, not 4xx).
 */
export function testAlertmanagerConfig(webhookUrl: string): string {
  return [
    'route:',
    '  receiver: swaybot',
    "  group_by: ['...']",
    '  group_wait: 100ms',
    '  group_interval: 1s',
    '  repeat_interval: 1h',
    'receivers:',
    '  - name: swaybot',
    '    webhook_configs:',
    `      - url: ${JSON.stringify(webhookUrl)}`,
    '        send_resolved: true',
    '        max_alerts: 0',
    '',
  ].join('\n');
}

/** Starts Alertmanager on a free loopback port and resolves once it is ready. */
export async function startAlertmanager(options: AlertmanagerOptions): Promise<RunningAlertmanager> {
  const found = options.binary ? { binary: options.binary } : findAlertmanager();
  if (found.binary === undefined) throw new Error(found.missing);
  const { dir } = options;
  mkdirSync(join(dir, 'storage'), { recursive: true });
  const configFile = join(dir, 'alertmanager.yml');
  writeFileSync(configFile, testAlertmanagerConfig(options.webhookUrl));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const logFile = join(dir, 'alertmanager.log');
  const out = openSync(logFile, 'a');
  const child = spawn(
    found.binary,
    [
      `--config.file=${configFile}`,
      `--storage.path=${join(dir, 'storage')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      // No peers: a lone instance that does not wait for gossip before sending.
      '--cluster.listen-address=',
      '--log.level=warn',
    ],
    { stdio: ['ignore', out, out] },
  );
  closeSync(out);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const logTail = () => readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n');

  const deadline = Date.now() + (options.readyTimeoutMs ?? 30_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`Alertmanager exited before it was ready:\n${logTail()}`);
    const ready = await fetch(`${url}/-/ready`).then((r) => r.ok, () => false);
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`Alertmanager not ready on ${url} in time:\n${logTail()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    url,
    async pushAlerts(alerts) {
      const res = await fetch(`${url}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alerts) });
      if (!res.ok) throw new Error(`Alertmanager refused the alerts: ${res.status} ${await res.text()}`);
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
