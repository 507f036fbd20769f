/**
 * The one-machine dev stack behind `swaybot up`: a Temporal dev server persisted
 * to `<stateDir>/temporal.db` (or your server, when an address is configured),
 * swaybot's search attributes, a supervised worker and, with `demo`, the local
 * demo service. Restarting on the same state folder resumes runs in flight.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { connectTemporal, describeOptions } from '../client/connect-temporal.js';
import { envForEmbeddedServer, loadTemporalConnection } from '../client/connection.js';
import { TemporalUnreachableError } from '../client/errors/temporal-unreachable.js';
import type { Config } from '../config/schema.js';
import { startDemoService, DEMO_SERVICE_PORT, type DemoService } from './demo-service.js';
import { startDrill, type Drill } from './drill/index.js';
import { cleanLeftovers } from './leftovers.js';
import { checkPortFree } from './port-check.js';
import { ensureSearchAttributes } from './search-attributes.js';
import { StackError } from './stack-error.js';
import { readStackFile, removeStackFile, runningStack, writeStackFile, type StackFile } from './stack-file.js';
import { startDevServer, type DevServer } from './temporal-server.js';
import { WorkerSupervisor } from './worker-supervisor.js';

/** The repository root, where workers/main.ts lives. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface StackLog {
  /** Long work starting ("→ starting …"). */
  step(message: string): void;
  /** Something is ready ("✓ …"). */
  ok(message: string): void;
  warn(message: string): void;
  /** One line of the worker's output. */
  worker(line: string): void;
}

export interface StackOptions {
  config: Config;
  /** Defaults: config.stateDir, config.temporal.port / uiPort. */
  stateDir?: string;
  port?: number;
  uiPort?: number;
  demo?: boolean;
  demoPort?: number;
  /** Simulated BMCs for this loopback inventory (the drill fleet); omitted: none. */
  drillInventory?: string;
  /** Port of the worker's alert receiver; default config.alerts.port; 0: any free port. */
  alertsPort?: number;
  /** UDP port of the worker's telemetry daemon (StatsD) and TCP port of its /metrics; default config.telemetry; 0: any free port. */
  telemetryPort?: number;
  telemetryMetricsPort?: number;
  /** Environment the worker gets besides the stack's own (the demo's local Slack). */
  workerEnv?: NodeJS.ProcessEnv;
  log: StackLog;
}

export interface Stack {
  address: string;
  namespace: string;
  taskQueue: string;
  stateDir: string;
  /** True when using a server configured by address (none started). */
  external: boolean;
  uiUrl?: string;
  dbFile?: string;
  serverLog?: string;
  demoService?: DemoService;
  /** The drill fleet, when one was asked for and started. */
  drill?: Drill;
  /** The worker's alert receiver, e.g. `http://127.0.0.1:9095`. */
  alertsUrl?: string;
  /** The worker's telemetry daemon: its StatsD address (`udp://127.0.0.1:8125`) and /metrics URL. */
  telemetry?: { udp: string; metrics: string };
  /** Resolves when the worker keeps crashing and will not be restarted. */
  workerGaveUp: Promise<string>;
  /** Records the demo run in the stack file, for `swaybot runbook` commands. */
  noteDemoRun(workflowId: string): void;
  /** Stops the worker, the demo service, then the server; idempotent. */
  stop(): Promise<void>;
}

/** Starts the stack; on any failure, stops what it started and throws. */
export async function startStack(options: StackOptions): Promise<Stack> {
  const { config, log } = options;
  const stateDir = options.stateDir ?? config.stateDir;
  const namespace = config.temporal.namespace;
  const taskQueue = config.temporal.taskQueue;
  const other = runningStack(stateDir);
  if (other) {
    throw new StackError(
      `Another \`swaybot up\` (pid ${other.pid}) is already using ${stateDir} (Temporal at ${other.address}).\n` +
        `  Use that one, stop it (Ctrl-C in its terminal, or kill ${other.pid}), or give this one its own --state-dir.`,
    );
  }
  for (const note of await cleanLeftovers(stateDir)) log.warn(note);

  const cleanups: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    while (cleanups.length > 0) await cleanups.pop()!().catch((err: unknown) => log.warn(`while stopping: ${String(err)}`));
    // Last: until everything has stopped, a forced stop (a second Ctrl-C) reads the pids it
    // must kill from this file.
    if (readStackFile(stateDir)?.pid === process.pid) removeStackFile(stateDir);
  };
  // The drill fleet starts beside the server (seconds of CPU each); a drill that cannot start
  // is a warning, not a failed stack: runbooks without hardware still work.
  const drillStarting = options.drillInventory === undefined ? Promise.resolve(undefined) : startDrill(options.drillInventory, { stateDir }).then(
    (d) => {
      cleanups.push(() => d.stop());
      return d;
    },
    (err: unknown) => {
      log.warn(`drill fleet not started: ${err instanceof Error ? err.message : String(err)}\n  (start without it: --no-drill)`);
      return undefined;
    },
  );
  try {
    const server = await startOrConnect(options, stateDir, cleanups);
    const file: StackFile = {
      pid: process.pid,
      address: server.address,
      namespace,
      ...(server.dev ? { serverPid: server.dev.process.pid! } : {}),
      ...(server.uiUrl ? { uiUrl: server.uiUrl } : {}),
      startedAt: new Date().toISOString(),
    };
    writeStackFile(stateDir, file);

    let demoService: DemoService | undefined;
    if (options.demo) {
      const port = options.demoPort ?? DEMO_SERVICE_PORT;
      await checkPortFree(port, 'the demo service', '--demo-port');
      demoService = await startDemoService({ port });
      cleanups.push(() => demoService!.close());
      log.ok(`demo service on ${demoService.url} (GET /health says "degraded" until restarted)`);
    }

    const drill = await drillStarting;
    if (drill) {
      log.ok(`drill fleet: ${drill.bmcs.length} simulated BMCs for ${drill.inventoryPath}`);
      // So a forced stop, or the next start after a kill -9, can still stop the simulators.
      const drillPids = drill.bmcs.flatMap((b) => (b.pid === undefined ? [] : [b.pid]));
      const current = readStackFile(stateDir);
      if (current?.pid === process.pid) writeStackFile(stateDir, { ...current, drillPids });
    }

    const alertsPort = options.alertsPort ?? config.alerts.port;
    if (alertsPort !== 0) await checkPortFree(alertsPort, 'the alert receiver', '--alerts-port');
    let alertsUrl: string | undefined;
    const telemetryPort = options.telemetryPort ?? config.telemetry.port;
    const telemetryMetricsPort = options.telemetryMetricsPort ?? config.telemetry.metricsPort;
    if (config.telemetry.enabled && telemetryMetricsPort !== 0) await checkPortFree(telemetryMetricsPort, 'the telemetry /metrics endpoint', 'telemetry.metricsPort in the config');
    let telemetry: { udp: string; metrics: string } | undefined;
    const worker = new WorkerSupervisor({
      command: [process.execPath, '--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href, join(ROOT, 'workers', 'main.ts')],
      cwd: process.cwd(),
      env: {
        // The embedded server takes plain connections: its worker gets no TLS settings or keys.
        ...(server.dev ? envForEmbeddedServer(process.env, namespace) : process.env),
        ...options.workerEnv,
        ...drill?.env,
        SWAYBOT_TEMPORAL_ADDRESS: server.address,
        TEMPORAL_ADDRESS: server.address,
        SWAYBOT_STATE_DIR: stateDir,
        SWAYBOT_ALERTS_PORT: String(alertsPort),
        SWAYBOT_TELEMETRY_PORT: String(telemetryPort),
        SWAYBOT_TELEMETRY_METRICS_PORT: String(telemetryMetricsPort),
        // The demo service on another port than the default the allow-list names.
        ...(demoService && options.demoPort !== undefined && options.demoPort !== DEMO_SERVICE_PORT
          ? { SWAYBOT_HTTP_ALLOW: `127.0.0.1:${options.demoPort},localhost:${options.demoPort}` }
          : {}),
      },
      log: (line) => {
        // The receiver's address, as the worker bound it (port 0 picks one).
        const receiver = /^alert receiver on (http:\/\/\S+)/.exec(line)?.[1];
        if (receiver) {
          alertsUrl = receiver;
          const current = readStackFile(stateDir);
          if (current?.pid === process.pid) writeStackFile(stateDir, { ...current, alertsUrl });
        }
        // The telemetry daemon's first UDP address and its /metrics, as the worker bound them.
        const t = /^telemetry on (udp:\/\/\S+?),? .*?(http:\/\/\S+\/metrics)/.exec(line);
        if (t) {
          telemetry = { udp: t[1]!, metrics: t[2]! };
          const current = readStackFile(stateDir);
          if (current?.pid === process.pid) writeStackFile(stateDir, { ...current, telemetry });
        }
        log.worker(line);
      },
      onSpawn: (pid) => {
        const current = readStackFile(stateDir);
        if (current?.pid === process.pid) writeStackFile(stateDir, { ...current, workerPid: pid });
      },
    });
    log.step(`starting the worker on task queue ${taskQueue} (bundles the workflows first; ~10-30 s)`);
    const progress = setInterval(() => log.step('… still waiting for "worker ready"'), 15_000);
    cleanups.push(() => worker.stop());
    try {
      await worker.start();
    } finally {
      clearInterval(progress);
    }
    log.ok(`worker ready (pid ${worker.pid})`);

    let stopped: Promise<void> | undefined;
    return {
      address: server.address,
      namespace,
      taskQueue,
      stateDir,
      external: !server.dev,
      ...(server.uiUrl ? { uiUrl: server.uiUrl } : {}),
      ...(server.dev ? { dbFile: join(stateDir, 'temporal.db'), serverLog: join(stateDir, 'temporal.log') } : {}),
      ...(demoService ? { demoService } : {}),
      ...(drill ? { drill } : {}),
      ...(alertsUrl ? { alertsUrl } : {}),
      ...(telemetry ? { telemetry } : {}),
      workerGaveUp: worker.gaveUp,
      noteDemoRun(workflowId) {
        const current = readStackFile(stateDir);
        if (current?.pid === process.pid) writeStackFile(stateDir, { ...current, demoWorkflowId: workflowId });
      },
      stop: () => (stopped ??= stopAll()),
    };
  } catch (err) {
    await drillStarting;
    await stopAll();
    throw err;
  }
}

interface ServerInfo {
  address: string;
  uiUrl?: string;
  dev?: DevServer;
}

/** Uses the configured server when there is one, else starts the dev server on the state folder. */
async function startOrConnect(options: StackOptions, stateDir: string, cleanups: (() => Promise<void>)[]): Promise<ServerInfo> {
  const { config, log } = options;
  const namespace = config.temporal.namespace;
  const external = config.temporal.address;
  if (external) {
    // The same connection settings as the worker this stack starts (which gets process.env).
    const connectOptions = loadTemporalConnection(process.env).connectOptions(external);
    const security = describeOptions(connectOptions);
    log.step(`using your Temporal server at ${external}${security ? ` over ${security}` : ''} (TEMPORAL_ADDRESS / TEMPORAL_PROFILE / temporal.address); starting none`);
    const connection = await connectTemporal(connectOptions).catch((err: unknown) => {
      const why = err instanceof TemporalUnreachableError && (err.security || err.refused) ? err.message : `No Temporal server answers at ${external}`;
      throw new StackError(`${why}. Start it, fix TEMPORAL_ADDRESS / TEMPORAL_PROFILE / temporal.address, or unset them to let swaybot start one.`);
    });
    try {
      const added = await ensureSearchAttributes(connection, namespace);
      log.ok(`Temporal at ${external}; search attributes ${added.length ? `added: ${added.join(', ')}` : 'already registered'}`);
    } finally {
      await connection.close();
    }
    // Where your server's Web UI is cannot be guessed; SWAYBOT_UI_URL says it for links.
    const ui = process.env['SWAYBOT_UI_URL']?.replace(/\/$/, '');
    return { address: external, ...(ui ? { uiUrl: ui } : {}) };
  }
  const port = options.port ?? config.temporal.port;
  const uiPort = options.uiPort ?? config.temporal.uiPort;
  await checkPortFree(port, 'the Temporal frontend', '--port');
  await checkPortFree(uiPort, 'the Temporal Web UI', '--ui-port');
  const dbFilename = join(stateDir, 'temporal.db');
  const logFile = join(stateDir, 'temporal.log');
  log.step(`starting the Temporal dev server on 127.0.0.1:${port} (state: ${dbFilename}, log: ${logFile})`);
  const started = Date.now();
  const dev = await startDevServer({ dbFilename, logFile, port, uiPort, namespace, detached: true });
  cleanups.push(() => dev.stop());
  log.ok(`Temporal dev server ready in ${((Date.now() - started) / 1000).toFixed(1)} s; Web UI ${dev.uiUrl}`);
  return { address: dev.address, ...(dev.uiUrl ? { uiUrl: dev.uiUrl } : {}), dev };
}
