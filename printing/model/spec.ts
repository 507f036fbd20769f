/**
 * From the inventory (and FRU data where the host answers) to a `ReplicaSpec`: what the replica
 * model is built from. A host the replica cannot be built for gets a `ReplicaInputError` naming
 * the field and its `file:line:col` in the inventory.
 */
import { SwaybotError } from '../../errors/index.js';
import { getHost, type Host, type Inventory } from '../../hardware/inventory.js';
import type { ReplicaSpec } from '../types.js';

/** The inventory cannot give a replica (missing chassis data, a bad scale). Not retryable: the file needs fixing. */
export class ReplicaInputError extends SwaybotError {
  override name = 'ReplicaInputError';
  readonly retryable = false;
}

/** FRU (IPMI) / Redfish inventory data of the host, where it answered. Given fields win over the inventory's text. */
export interface FruData {
  manufacturer?: string | undefined;
  model?: string | undefined;
  serialNumber?: string | undefined;
}

export interface ReplicaSpecOptions {
  /** Model scale in (0, 1]; default 0.1 (1:10). */
  scale?: number | undefined;
  fru?: FruData | undefined;
}

/** The default scale: 1:10. */
export const DEFAULT_SCALE = 0.1;

/** The spec of one host's replica. Throws `ReplicaInputError` (field and file:line) when the inventory lacks what it needs. */
export function replicaSpec(inventory: Inventory, hostName: string, options: ReplicaSpecOptions = {}): ReplicaSpec {
  const host = getHost(inventory, hostName);
  const scale = options.scale ?? DEFAULT_SCALE;
  if (!Number.isFinite(scale) || scale <= 0 || scale > 1) {
    throw new ReplicaInputError(`scale ${scale}: must be in (0, 1] (0.1 is 1:10)`, { details: { host: hostName, scale } });
  }
  return specOf(inventory, host, scale, options.fru);
}

/** Why a host cannot be modelled (`file:line:col: field: why`), or undefined when it can. */
export function replicaProblem(inventory: Inventory, host: Host): string | undefined {
  const base = ['hosts', host.name, 'chassis'];
  const chassis = host.chassis;
  if (!chassis) return `${inventory.where(base)}: ${base.join('.')}: missing; the replica needs the chassis (units, depth)`;
  const checks: [string, unknown, string][] = [
    ['units', chassis.units, 'the replica needs the height in rack units (a positive whole number)'],
    ['depth', chassis.depth, 'the replica needs the body depth in mm (positive)'],
  ];
  for (const [field, value, why] of checks) {
    const at = [...base, field];
    if (value === undefined || value === null) return `${inventory.where(at)}: ${at.join('.')}: missing; ${why}`;
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || (field === 'units' && !Number.isInteger(value))) {
      return `${inventory.where(at)}: ${at.join('.')}: ${String(value)} is not valid; ${why}`;
    }
  }
  return undefined;
}

function specOf(inventory: Inventory, host: Host, scale: number, fru: FruData | undefined): ReplicaSpec {
  const problem = replicaProblem(inventory, host);
  const chassis = host.chassis;
  if (problem !== undefined || !chassis) {
    throw new ReplicaInputError(problem ?? `hosts.${host.name}.chassis: missing`, { details: { host: host.name } });
  }
  const vendor = nonEmpty(fru?.manufacturer) ?? host.vendor;
  const model = nonEmpty(fru?.model) ?? host.model;
  const serial = nonEmpty(fru?.serialNumber);
  return {
    host: host.name,
    vendor,
    model,
    units: chassis.units,
    depthMm: chassis.depth,
    driveBays: chassis.driveBays,
    psus: chassis.psus,
    label: chassis.assetTag ?? host.name,
    ...(serial !== undefined ? { serial } : {}),
    scale,
  };
}

function nonEmpty(text: string | undefined): string | undefined {
  const trimmed = text?.trim();
  return trimmed ? trimmed : undefined;
}
