/**
 * Capacity planning in the worker process: the `ml` worker on `capacity.mlTaskQueue` (forecasts
 * with the models under `<stateDir>/<capacity.modelDir>`) and each configured service's Schedule,
 * created idempotently at start (an existing one is left as it is, or brought up to date).
 */
import { resolve } from 'node:path';
import type { Client } from '@temporalio/client';
import type { NativeConnection, Worker } from '@temporalio/worker';
import { ensureCapacitySchedule, ensureRetrainSchedule } from '../client/capacity.js';
import type { Config } from '../config/schema.js';
import { createMlWorker } from './ml-worker.js';

export interface CapacityService {
  worker: Worker;
  modelDir: string;
}

export interface StartCapacityOptions {
  connection: NativeConnection;
  client: Client;
  config: Config;
  log: (message: string) => void;
  /** Create the services' Schedules (default true; tests that start runs by hand say false). */
  schedules?: boolean;
}

export async function startCapacity(options: StartCapacityOptions): Promise<CapacityService> {
  const { config } = options;
  const modelDir = resolve(config.stateDir, config.capacity.modelDir);
  const [{ forecastService }, { retrainGlobal }] = await Promise.all([import('../ml/forecast/service.js'), import('../ml/forecast/retrain.js')]);
  const worker = await createMlWorker({
    connection: options.connection,
    namespace: config.temporal.namespace,
    taskQueue: config.capacity.mlTaskQueue,
    forecast: (input) => forecastService(input, { modelDir, warn: options.log }),
    retrain: (series, onEpoch) => retrainGlobal({ series, modelDir, onEpoch }),
  });
  if (options.schedules !== false) {
    for (const [service, settings] of Object.entries(config.capacity.services)) {
      try {
        const r = await ensureCapacitySchedule(options.client, service, settings.every, { taskQueue: config.temporal.taskQueue, mlTaskQueue: config.capacity.mlTaskQueue });
        options.log(`capacity schedule ${r.scheduleId}: ${r.outcome} (every ${settings.every})`);
      } catch (err) {
        options.log(`capacity schedule of ${service} not created: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    try {
      const r = await ensureRetrainSchedule(options.client, config.capacity.retrainEvery, { taskQueue: config.temporal.taskQueue, mlTaskQueue: config.capacity.mlTaskQueue });
      options.log(`capacity schedule ${r.scheduleId}: ${r.outcome} (every ${config.capacity.retrainEvery})`);
    } catch (err) {
      options.log(`the retraining schedule was not created: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return { worker, modelDir };
}
