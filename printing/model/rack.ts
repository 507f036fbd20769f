/**
 * A whole rack as replicas: every host of the rack with chassis data, modelled, then packed onto
 * build plates. Hosts the inventory cannot model are listed as skipped, with why.
 */
import type { Inventory } from '../../hardware/inventory.js';
import type { BedSize, Plate } from '../types.js';
import { packPlates } from './pack.js';
import { buildReplica, type ReplicaModel } from './replica.js';
import { ReplicaInputError, replicaProblem, replicaSpec, type FruData } from './spec.js';

export interface RackReplicaOptions {
  /** Model scale in (0, 1]; default 0.1. */
  scale?: number | undefined;
  bed: BedSize;
  /** mm between parts and from the bed's edges; default 5. */
  gap?: number | undefined;
  /** FRU data by host name, where hosts answered. */
  fru?: Readonly<Record<string, FruData>> | undefined;
}

export interface RackReplicas {
  rack: string;
  /** Bottom to top (by rack position). */
  replicas: ReplicaModel[];
  skipped: { host: string; reason: string }[];
  plates: Plate[];
}

/** Models every host of `rackName` that has chassis data and packs them onto plates. */
export function buildRackReplicas(inventory: Inventory, rackName: string, options: RackReplicaOptions): RackReplicas {
  const hosts = [...inventory.hosts.values()].filter((h) => h.rack === rackName).sort((a, b) => a.position - b.position || a.name.localeCompare(b.name));
  if (hosts.length === 0) {
    const racks = [...new Set([...inventory.hosts.values()].map((h) => h.rack)), ...inventory.racks.keys()];
    const known = [...new Set(racks)].sort().join(', ') || '(none)';
    throw new ReplicaInputError(`rack "${rackName}" has no hosts in ${inventory.path}; racks: ${known}`, { details: { rack: rackName } });
  }
  const replicas: ReplicaModel[] = [];
  const skipped: { host: string; reason: string }[] = [];
  for (const host of hosts) {
    const problem = replicaProblem(inventory, host);
    if (problem !== undefined) {
      skipped.push({ host: host.name, reason: problem });
      continue;
    }
    const spec = replicaSpec(inventory, host.name, { scale: options.scale, fru: options.fru?.[host.name] });
    replicas.push(buildReplica(spec));
  }
  const footprints = replicas.map((r) => ({
    host: r.spec.host,
    width: r.bounds.max[0] - r.bounds.min[0],
    depth: r.bounds.max[1] - r.bounds.min[1],
    height: r.bounds.max[2] - r.bounds.min[2],
  }));
  const plates = packPlates(footprints, options.bed, options.gap ?? 5);
  return { rack: rackName, replicas, skipped, plates };
}
