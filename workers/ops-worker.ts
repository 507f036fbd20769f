/**
 * The ops worker: runs the runbook interpreter workflow and the shipped
 * activities on one task queue, recording to the availability ledger. Tests and
 * benchmarks add activities through `extraActivities` and may pass a pre-built
 * bundle or a ledger.
 */
import { fileURLToPath } from 'node:url';
import { Worker, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityLogger } from '../activities/index.js';
import { createIncidentActivities, type TelemetryFeedback } from '../activities/incident/index.js';
import { createCapacityActivities } from '../activities/capacity/index.js';
import { createPrintingActivities } from '../activities/printing/index.js';
import { bmcFromEnv } from '../activities/hardware/index.js';
import type { TimeSeriesStore } from '../telemetry/store/index.js';
import { defaultLogger } from '../activities/logger.js';
import type { Notifier } from '../chat/notifier.js';
import type { BmcFor } from '../activities/hardware/index.js';
import type { Config } from '../config/schema.js';
import type { Ledger } from '../ledger/index.js';
import { notifierFromConfig } from './notifier.js';
import { holdLedger, ledgerDir, type HeldLedger } from './shared-ledger.js';

/** The workflow bundle entry, resolved next to this file so it works from any working directory. */
export const WORKFLOWS_PATH = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

/**
 * Cached workflow executions per worker. The SDK's default is derived from
 * memory and can exhaust the workflow isolate's heap; runbook runs are long
 * and mostly idle, so a fixed cap keeps memory predictable.
 */
export const MAX_CACHED_WORKFLOWS = 500;

export interface OpsWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  config: Config;
  /** More activities by type name (tests, later issues); they may not replace the shipped ones. */
  extraActivities?: Record<string, (...args: never[]) => Promise<unknown>>;
  /** A bundle from `bundleWorkflowCode`, to skip bundling at start (benchmarks, many workers in one test). */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** A different workflows entry (benchmarks that add workflows); ignored when `workflowBundle` is set. */
  workflowsPath?: string;
  logger?: ActivityLogger;
  maxCachedWorkflows?: number;
  /**
   * The ledger `ledgerRecord` appends to; the caller keeps ownership. Without one the worker
   * opens the embedded ledger at `config.ledger.dir` (shared with other workers of this
   * process) and lets go of it when `run()` ends.
   */
  ledger?: Ledger;
  /**
   * How hardware activities reach a BMC (tests inject one); default `bmcFromEnv()`: credentials
   * from this process's environment only, which `swaybot up` fills for its drill fleet.
   */
  bmcFor?: BmcFor;
  /**
   * Where incident messages go (tests inject one pointed at the local Slack); default: Slack when
   * the configured bot token variable is set in this process's environment, else the console.
   */
  notifier?: Notifier;
  /** This process's telemetry daemon, told of anomaly incidents marked false positive. */
  telemetry?: TelemetryFeedback;
  /** The telemetry store capacity plans read history from (`capacity.history.source: store`). */
  store?: Pick<TimeSeriesStore, 'query'>;
}

/** Creates (does not run) the ops worker; call `run()` or `runUntil()` on the result. */
export async function createOpsWorker(options: OpsWorkerOptions): Promise<Worker> {
  const warn = options.logger ? (fields: object, msg: string) => options.logger!.warn(fields, msg) : undefined;
  const held: HeldLedger | undefined = options.ledger ? undefined : await openConfiguredLedger(options.config, warn);
  try {
    const worker = await buildWorker(options, options.ledger ?? held!.ledger);
    if (held) releaseWhenStopped(worker, held);
    return worker;
  } catch (error) {
    await held?.release();
    throw error;
  }
}

/**
 * The ledger `config.ledger.backend` names: the embedded folder (shared with other workers of
 * this process), or a Fabric gateway connection from the profile `npm run fabric:up` writes.
 * A Fabric ledger that cannot be reached fails the start: never a silent local fallback.
 */
async function openConfiguredLedger(config: Config, warn?: (fields: object, msg: string) => void): Promise<HeldLedger> {
  if (config.ledger.backend === 'embedded') return holdLedger(ledgerDir(config), warn);
  const { openFabricLedger } = await import('../ledger/fabric/config.js');
  let ledger: Ledger;
  try {
    ledger = await openFabricLedger(config.ledger.fabric, config.stateDir);
  } catch (error) {
    throw new Error(`ledger.backend is \`fabric\`, but the Fabric ledger cannot be opened: ${(error as Error).message}`);
  }
  return { ledger, release: () => ledger.close() };
}

/** Lets go of the ledger once `run()` settles (`runUntil` and `shutdown` end in it too). */
function releaseWhenStopped(worker: Worker, held: HeldLedger): void {
  const run = worker.run.bind(worker);
  worker.run = async () => {
    try {
      await run();
    } finally {
      await held.release();
    }
  };
}

async function buildWorker(options: OpsWorkerOptions, ledger: Ledger): Promise<Worker> {
  const shipped = createActivities({
    config: options.config,
    ledger,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.bmcFor ? { bmcFor: options.bmcFor } : {}),
  });
  const notifier = options.notifier ?? notifierFromConfig(options.config, process.env, (line) => console.log(line)).notifier;
  const logger = options.logger ?? defaultLogger();
  const incident = createIncidentActivities({
    notifier,
    runbooksDir: options.config.incidents.runbooks,
    stateDir: options.config.stateDir,
    logger,
    slackUsers: options.config.slack.users,
    ...(options.telemetry ? { telemetry: options.telemetry } : {}),
  });
  const capacity = createCapacityActivities({ config: options.config, notifier, bmcFor: options.bmcFor ?? bmcFromEnv(), logger, store: options.store });
  const printing = createPrintingActivities({ config: options.config, notifier, bmcFor: options.bmcFor ?? bmcFromEnv(), logger });
  const extra = options.extraActivities ?? {};
  const clash = Object.keys(extra).filter((name) => name in shipped || name in incident || name in capacity || name in printing);
  if (clash.length > 0) throw new Error(`Cannot register extra activities ${clash.map((n) => `\`${n}\``).join(', ')}: names already used`);
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: { ...extra, ...shipped, ...incident, ...capacity, ...printing },
    ...(options.workflowBundle
      ? { workflowBundle: options.workflowBundle }
      : { workflowsPath: options.workflowsPath ?? WORKFLOWS_PATH }),
    maxCachedWorkflows: options.maxCachedWorkflows ?? MAX_CACHED_WORKFLOWS,
  });
}
