/**
 * The `ml` worker's activities: `capacityForecast` (a service's history → 48 h of p50/p90 with the
 * model version) and `capacityRetrain` (trains a candidate, heartbeating epoch and loss, and keeps
 * it only when its backtest is no worse). A forecast with a non-finite value fails for good: a
 * failed forecast applies nothing.
 */
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { ForecastFn, ServiceForecast } from '../../capacity/forecaster.js';

export interface ForecastRequest {
  service: string;
  values: number[];
  horizon: number;
  season: number;
}

export interface RetrainProgress {
  epoch: number;
  epochs: number;
  loss: number;
}

export interface RetrainOutcome {
  model: string;
  candidate: string;
  current?: number;
  candidateScore: number;
  kept: 'candidate' | 'current';
  /** Series trained on. */
  series: number;
}

/** Trains a candidate over the given series and keeps it when no worse; reports progress per epoch. */
export type RetrainFn = (series: number[][], onEpoch: (p: RetrainProgress) => void) => Promise<RetrainOutcome>;

export interface ForecastActivityDeps {
  forecast: ForecastFn;
  retrain?: RetrainFn;
}

export function createForecastActivities(deps: ForecastActivityDeps) {
  return {
    async capacityForecast(request: ForecastRequest): Promise<ServiceForecast> {
      if (request.values.length < 2 * request.season) {
        throw ApplicationFailure.create({
          type: 'ForecastError',
          nonRetryable: true,
          message: `${request.service}: ${request.values.length} hours of history is too short to forecast (at least ${2 * request.season} needed)`,
        });
      }
      const forecast = await deps.forecast({ values: request.values, horizon: request.horizon, season: request.season });
      for (const [name, arr] of [['p50', forecast.p50], ['p90', forecast.p90], ['point', forecast.point]] as const) {
        if (arr.length !== request.horizon || arr.some((v) => !Number.isFinite(v))) {
          throw ApplicationFailure.create({ type: 'ForecastError', nonRetryable: true, message: `${request.service}: model ${forecast.model} returned an unusable ${name} forecast (length ${arr.length}, non-finite values)` });
        }
      }
      return forecast;
    },
    async capacityRetrain(request: { series: number[][] }): Promise<RetrainOutcome> {
      if (!deps.retrain) throw ApplicationFailure.create({ type: 'ForecastError', nonRetryable: true, message: 'this ml worker has no trainer' });
      const ctx = Context.current();
      return deps.retrain(request.series, (p) => ctx.heartbeat(p));
    },
  };
}

export type ForecastActivities = ReturnType<typeof createForecastActivities>;
