/**
 * The `ml` worker: serves the forecasting activities (`capacityForecast`, `capacityRetrain`) on
 * their own task queue (config `capacity.mlTaskQueue`), so heavy model work never delays the ops
 * worker's runbook and incident activities and can run on its own machine. Activities only.
 */
import { Worker, type NativeConnection } from '@temporalio/worker';
import { createForecastActivities, type ForecastActivityDeps } from '../activities/capacity/index.js';

export interface MlWorkerOptions extends ForecastActivityDeps {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  /** Forecasts run at once; each is CPU-bound (default 1 per worker on a small machine). */
  maxConcurrentActivities?: number;
}

export async function createMlWorker(options: MlWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: createForecastActivities({ forecast: options.forecast, ...(options.retrain ? { retrain: options.retrain } : {}) }),
    maxConcurrentActivityTaskExecutions: options.maxConcurrentActivities ?? 1,
  });
}
