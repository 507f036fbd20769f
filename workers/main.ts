/**
 * Process entry of the ops worker: `node --import tsx workers/main.ts`.
 * Prints `worker ready` on stdout once polling (the dev stack waits for that
 * line) and shuts down cleanly on SIGINT/SIGTERM, closing the ledger. Exits
 * non-zero with a clear message on bad configuration, an unreachable server or
 * a ledger folder another process holds.
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime } from '@temporalio/worker';
import { bmcFromEnv } from '../activities/hardware/index.js';
import { defaultLogger } from '../activities/logger.js';
import { connectFailure } from '../client/connect-temporal.js';
import { loadTemporalConnection, withTemporalConnection } from '../client/connection.js';
import { loadConfig } from '../config/load.js';
import { temporalConnectOptions } from './connect.js';
import { startAlertReceiver } from './alerts.js';
import { startSlackApp, type SlackApp } from './slack.js';
import { startTelemetry, type TelemetryService } from './telemetry.js';
import { createOpsWorker } from './ops-worker.js';
import { startCapacity, type CapacityService } from './capacity.js';
import { SdkLogger, sdkLogLevel } from './sdk-logger.js';

async function main(): Promise<void> {
  // Once, before any connection. The SDK logs webpack's bundle stats and state changes at INFO,
  // so WARN by default; each record is one swaybot line, an expected activity failure included.
  Runtime.install({ logger: new SdkLogger(defaultLogger({ name: 'temporal-sdk', level: 'debug' }), sdkLogLevel(process.env)) });
  // TEMPORAL_ADDRESS / TEMPORAL_NAMESPACE, a TEMPORAL_PROFILE, then the config file (docs/security.md).
  const settings = loadTemporalConnection();
  const config = withTemporalConnection(loadConfig(), settings);
  const options = temporalConnectOptions(config, settings);
  const { address } = options;
  // A refused certificate or key is one line that says why, not a transport error.
  const connection = await NativeConnection.connect(options).catch(async (err: unknown) => Promise.reject(await connectFailure(options, err)));
  // The alert receiver answers 2xx only once Temporal took the alert: it needs a client, not this worker.
  const clientConnection = await Connection.connect(options);
  const client = new Client({ connection: clientConnection, namespace: config.temporal.namespace });
  // The telemetry daemon: StatsD in, rollups stored, anomalies opened as incidents (docs/telemetry.md).
  let telemetry: TelemetryService | undefined;
  if (config.telemetry.enabled) {
    // One daemon per host: a second worker beside the first runs without one (its ports are taken).
    telemetry = await startTelemetry({ client, config, taskQueue: config.temporal.taskQueue, log: (level, message) => (level === 'warn' ? console.warn(message) : console.log(message)) }).catch((err: unknown) => {
      console.warn(`telemetry daemon not started: ${err instanceof Error ? err.message : String(err)} (another worker on this host may run it; telemetry.enabled: false turns it off)`);
      return undefined;
    });
    if (telemetry) console.log(`telemetry on ${telemetry.udpUrls.join(', ')} (StatsD); ${telemetry.metricsUrl}`);
  }
  const worker = await createOpsWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    config,
    // BMC passwords from this process's environment only: `swaybot up` sets the drill's, a real deployment its own.
    bmcFor: bmcFromEnv(process.env),
    ...(telemetry ? { telemetry, store: telemetry.store } : {}),
  });
  // Capacity planning: the `ml` worker (forecasts) and one Schedule per configured service (docs/capacity.md).
  let capacity: CapacityService | undefined;
  if (config.capacity.enabled) {
    capacity = await startCapacity({ connection, client, config, log: (message) => console.log(message) });
  }
  const alerts = await startAlertReceiver({ client, taskQueue: config.temporal.taskQueue, config, port: config.alerts.port });
  console.log(`alert receiver on ${alerts.url} (POST /api/alertmanager, /api/alerts; GET /metrics)`);
  // The Slack app runs where Slack is configured: a bot token in this process's environment.
  let slack: SlackApp | undefined;
  if (process.env[config.slack.botToken.env]) {
    slack = await startSlackApp({ client, config, env: process.env, taskQueue: config.temporal.taskQueue });
    console.log(slack.mode === 'socket' ? 'Slack app connected in Socket Mode' : `Slack app on ${slack.url} (/slack/commands, /slack/actions)`);
  } else {
    console.log(`incident messages go to this output (console notifier): set ${config.slack.botToken.env} and ${config.slack.signingSecret.env} for Slack (docs/slack.md)`);
  }
  // The ledger this worker records to: the embedded folder, or the Fabric channel, chaincode and peer.
  const ledgerAt = config.ledger.backend === 'fabric'
    ? await (await import('../ledger/fabric/profile.js')).describeFabricLedger(config.ledger.fabric, config.stateDir)
    : config.ledger.dir;
  // The SDK installs its own SIGINT/SIGTERM handlers that call shutdown(); run() resolves after draining.
  const running = Promise.all([worker.run(), capacity?.worker.run()]);
  console.log(`worker ready (task queue ${config.temporal.taskQueue}, ${address}, namespace ${config.temporal.namespace}, ledger ${ledgerAt})`);
  try {
    await running;
  } finally {
    await slack?.stop();
    // Drains the open flush window into the store: nothing accepted is lost on SIGTERM.
    await telemetry?.close();
    await alerts.close();
    await clientConnection.close();
    await connection.close();
  }
  console.log('worker stopped');
}

main().catch((err: unknown) => {
  console.error(`swaybot worker: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
