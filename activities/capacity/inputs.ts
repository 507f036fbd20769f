/**
 * `capacityInputs`: everything a capacity run decides from, read once at its start: the service's
 * settings (so a config change applies to the next run), who may approve, its hourly history
 * (embedded store or Prometheus) and what runs now (the scaler, or the pool's power states).
 */
import { Context } from '@temporalio/activity';
import { HistoryGapError } from '../../capacity/history/regular.js';
import { StoreHistory } from '../../capacity/history/store.js';
import { PrometheusHistory } from '../../capacity/history/prometheus.js';
import { CapacitySettingsError, HistoryError } from '../../capacity/errors.js';
import { poolRunning, scalerFor, type PoolPower } from '../../capacity/scalers/index.js';
import type { ServiceSettings } from '../../capacity/settings.js';
import type { History, HistorySource } from '../../capacity/types.js';
import type { Config } from '../../config/schema.js';
import type { TimeSeriesStore } from '../../telemetry/store/index.js';

export const HOUR_MS = 3_600_000;

export interface CapacityInputsRequest {
  service: string;
}

export interface CapacityInputs {
  settings: ServiceSettings;
  approvers: string[];
  /** Approver directory snapshot (group → member ids) for the decision validator. */
  directory: Record<string, string[]>;
  channel: string;
  history: History;
  current: number;
  /** Pool hosts' power, for the hardware pool (absent for other scalers). */
  pool?: Record<string, PoolPower>;
}

export interface InputsDeps {
  config: Config;
  store?: Pick<TimeSeriesStore, 'query'> | undefined;
  env: NodeJS.ProcessEnv;
  /** Power of pool hosts (the hardware activities' BMC path). */
  poolPower: (hosts: readonly string[], signal: AbortSignal) => Promise<Record<string, PoolPower>>;
  clock?: () => number;
}

export function settingsOf(config: Config, service: string): ServiceSettings {
  const settings = config.capacity.services[service];
  if (!settings) {
    const known = Object.keys(config.capacity.services);
    throw new CapacitySettingsError(`No capacity settings for service ${service}: add capacity.services.${service} to the config (configured: ${known.length > 0 ? known.join(', ') : 'none'})`);
  }
  return settings;
}

export function historySource(deps: Pick<InputsDeps, 'config' | 'store'>): HistorySource {
  const h = deps.config.capacity.history;
  if (h.source === 'prometheus') return new PrometheusHistory(h.prometheusUrl);
  if (!deps.store) throw new HistoryError('capacity.history.source is store, but this worker runs no telemetry store (telemetry.enabled: false?)', false);
  return new StoreHistory(deps.store);
}

export async function readHistory(deps: Pick<InputsDeps, 'config' | 'store' | 'clock'>, settings: ServiceSettings): Promise<History> {
  const now = (deps.clock ?? Date.now)();
  const to = Math.floor(now / HOUR_MS) * HOUR_MS;
  const from = to - deps.config.capacity.history.days * 24 * HOUR_MS;
  try {
    return await historySource(deps).range({ metric: settings.metric, labels: settings.labels, from, to, stepMs: HOUR_MS });
  } catch (err) {
    if (err instanceof HistoryGapError) throw new HistoryError(err.message, false);
    throw err;
  }
}

export function createCapacityInputs(deps: InputsDeps) {
  return async function capacityInputs(request: CapacityInputsRequest): Promise<CapacityInputs> {
    const settings = settingsOf(deps.config, request.service);
    const history = await readHistory(deps, settings);
    const signal = Context.current().cancellationSignal;
    const base = {
      settings,
      approvers: deps.config.capacity.approvers,
      directory: Object.fromEntries(deps.config.capacity.approvers.map((g) => [g, deps.config.groups[g] ?? []])),
      channel: deps.config.capacity.channel,
      history,
    };
    if (settings.scaler.kind === 'hardware-pool') {
      const pool = await deps.poolPower(settings.scaler.hosts, signal);
      return { ...base, current: poolRunning(new Map(Object.entries(pool))), pool };
    }
    const current = await scalerFor(request.service, settings.scaler, deps.env).current(request.service);
    return { ...base, current: current.replicas };
  };
}

/** `capacityTrainingSet`: the hourly history of every configured service, for retraining (a service whose history cannot be read is named, not fatal). */
export function createCapacityTrainingSet(deps: Pick<InputsDeps, 'config' | 'store' | 'clock'>) {
  return async function capacityTrainingSet(): Promise<{ series: number[][]; services: string[]; skipped: string[] }> {
    const series: number[][] = [];
    const services: string[] = [];
    const skipped: string[] = [];
    for (const [name, settings] of Object.entries(deps.config.capacity.services)) {
      try {
        series.push((await readHistory(deps, settings)).values);
        services.push(name);
      } catch (err) {
        skipped.push(`${name}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    return { series, services, skipped };
  };
}
