/**
 * `capacityApply`: sets a service's replicas through its Kubernetes or webhook scaler.
 * `capacityPoolPower`: reads the power of a hardware pool's hosts (the pool itself is changed by
 * the workflow through `hardware.power`, under each host's lock).
 */
import { Context } from '@temporalio/activity';
import { CapacitySettingsError } from '../../capacity/errors.js';
import { scalerFor, type PoolPower } from '../../capacity/scalers/index.js';
import type { ApplyResult } from '../../capacity/types.js';
import type { Config } from '../../config/schema.js';
import type { Host } from '../../hardware/inventory.js';
import type { BmcFor } from '../hardware/bmc.js';
import type { ActivityLogger } from '../logger.js';
import { settingsOf } from './inputs.js';

export interface ApplyRequest {
  service: string;
  replicas: number;
  planId: string;
  approvedBy?: string;
  modelVersion: string;
}

export function createCapacityApply(config: Config, env: NodeJS.ProcessEnv, logger: ActivityLogger) {
  return async function capacityApply(request: ApplyRequest): Promise<ApplyResult> {
    const settings = settingsOf(config, request.service);
    if (settings.scaler.kind === 'hardware-pool') {
      throw new CapacitySettingsError(`capacityApply: ${request.service} is a hardware pool, which the workflow powers through hardware.power`);
    }
    const scaler = scalerFor(request.service, settings.scaler, env);
    const result = await scaler.apply(request.service, request.replicas, {
      planId: request.planId,
      modelVersion: request.modelVersion,
      ...(request.approvedBy ? { approvedBy: request.approvedBy } : {}),
    });
    logger.info({ service: request.service, scaler: scaler.kind, from: result.from, to: result.to, planId: request.planId }, 'capacity applied');
    return result;
  };
}

/** Power of each host, read from its BMC (in parallel). */
export function poolPowerReader(hostOf: (name: string) => Host, bmcFor: BmcFor) {
  return async (hosts: readonly string[], signal: AbortSignal): Promise<Record<string, PoolPower>> => {
    const readings = await Promise.all(hosts.map(async (h) => [h, await bmcFor(hostOf(h)).powerStatus({ signal })] as const));
    return Object.fromEntries(readings);
  };
}

export function createCapacityPoolPower(read: ReturnType<typeof poolPowerReader>) {
  return async function capacityPoolPower(request: { hosts: string[] }): Promise<Record<string, PoolPower>> {
    return read(request.hosts, Context.current().cancellationSignal);
  };
}
