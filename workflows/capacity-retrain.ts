/**
 * Retraining the global forecasting model, on its own Schedule (`capacity-retrain`): the services'
 * histories (ops worker) → a candidate trained on the `ml` task queue, heartbeating epoch and loss
 * (shown on the activity in the Web UI) → promoted only when its held-out error is no worse than
 * the model in use. The capacity runs pick up a promoted model at their next forecast.
 */
import { ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type { CapacityActivities, ForecastActivities } from '../activities/capacity/index.js';
import type { RetrainInput, RetrainResult } from './capacity-messages.js';

const act = proxyActivities<Pick<CapacityActivities, 'capacityTrainingSet'>>({
  startToCloseTimeout: '5 minutes',
  retry: { maximumAttempts: 3, initialInterval: '2 seconds', backoffCoefficient: 2 },
});

export async function capacityRetrainWorkflow(input: RetrainInput): Promise<RetrainResult> {
  const set = await act.capacityTrainingSet();
  if (set.series.length === 0) {
    throw ApplicationFailure.nonRetryable(`no service history to train on${set.skipped.length > 0 ? `: ${set.skipped.join('; ')}` : ' (no capacity.services configured)'}`, 'NoTrainingData');
  }
  const ml = proxyActivities<Pick<ForecastActivities, 'capacityRetrain'>>({
    taskQueue: input.mlTaskQueue,
    startToCloseTimeout: '2 hours',
    heartbeatTimeout: '3 minutes',
    retry: { maximumAttempts: 2, initialInterval: '10 seconds' },
  });
  const outcome = await ml.capacityRetrain({ series: set.series });
  return { ...outcome, services: set.services, skipped: set.skipped };
}
