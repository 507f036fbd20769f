/**
 * The capacity activities of the ops worker (inputs, chart, apply, pool power, plan message) and,
 * re-exported, those of the `ml` worker (forecast, retrain). Workflows import this module as types only.
 */
import type { Notifier } from '../../chat/notifier.js';
import type { Config } from '../../config/schema.js';
import type { TimeSeriesStore } from '../../telemetry/store/index.js';
import { asFailures } from '../as-failures.js';
import type { BmcFor } from '../hardware/bmc.js';
import { lazyInventory } from '../hardware/hosts.js';
import type { ActivityLogger } from '../logger.js';
import { createCapacityApply, createCapacityPoolPower, poolPowerReader } from './apply.js';
import { createCapacityChart } from './chart.js';
import { createCapacityInputs, createCapacityTrainingSet } from './inputs.js';
import { createCapacityNotify } from './notify.js';

export interface CapacityActivityDeps {
  config: Config;
  notifier: Notifier;
  bmcFor: BmcFor;
  logger: ActivityLogger;
  /** The worker's telemetry store, for `capacity.history.source: store`. */
  store?: Pick<TimeSeriesStore, 'query'> | undefined;
  env?: NodeJS.ProcessEnv;
  clock?: () => number;
}

export function createCapacityActivities(deps: CapacityActivityDeps) {
  const env = deps.env ?? process.env;
  const readPower = poolPowerReader(lazyInventory(deps.config.hardware.inventory), deps.bmcFor);
  return {
    capacityInputs: asFailures(createCapacityInputs({ config: deps.config, store: deps.store, env, poolPower: readPower, ...(deps.clock ? { clock: deps.clock } : {}) })),
    capacityChart: asFailures(createCapacityChart(deps.config)),
    capacityApply: asFailures(createCapacityApply(deps.config, env, deps.logger)),
    capacityPoolPower: asFailures(createCapacityPoolPower(readPower)),
    capacityNotify: createCapacityNotify(deps.notifier),
    capacityTrainingSet: asFailures(createCapacityTrainingSet({ config: deps.config, store: deps.store, ...(deps.clock ? { clock: deps.clock } : {}) })),
  };
}

export type CapacityActivities = ReturnType<typeof createCapacityActivities>;
export { createForecastActivities, type ForecastActivities, type ForecastActivityDeps, type RetrainFn, type RetrainOutcome } from './forecast.js';
export type { CapacityInputs } from './inputs.js';
