/**
 * A replica run's files, made before anything is sliced or printed: each host's model (checked:
 * one closed, manifold, outward-facing solid of the requested size), its binary STL, the build
 * plates (parts packed, one merged STL per plate) and a preview PNG. Shared by `swaybot replica
 * model` and the workflow's `replicaPrepare` activity, so both make the same files.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Inventory } from '../hardware/inventory.js';
import { SwaybotError } from '../errors/index.js';
import { checkMesh } from './mesh/check.js';
import { packPlates } from './model/pack.js';
import { buildRackReplicas } from './model/rack.js';
import { buildReplica, replicaSize, type ReplicaModel } from './model/replica.js';
import { replicaSpec, type FruData } from './model/spec.js';
import { mergeMeshes, translateMesh, writeStl } from './model/stl.js';
import { renderPreview } from './preview/render.js';
import type { ReplicaPart, ReplicaPlate, ReplicaTarget } from './status.js';
import type { BedSize, Mesh } from './types.js';

/** A model that fails its mesh checks: nothing is sliced or sent to the printer. */
export class MeshCheckError extends SwaybotError {
  override name = 'MeshCheckError';
  readonly retryable = false;
}

export interface PrepareOptions {
  inventory: Inventory;
  target: ReplicaTarget;
  scale?: number | undefined;
  bed: BedSize;
  /** Where the STLs and the preview go. */
  outDir: string;
  fru?: Readonly<Record<string, FruData>> | undefined;
}

export interface Prepared {
  scale: number;
  parts: ReplicaPart[];
  plates: ReplicaPlate[];
  skipped: string[];
  preview: string;
  models: ReplicaModel[];
}

export const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

function checked(model: ReplicaModel): void {
  const check = checkMesh(model.mesh, { size: replicaSize(model.spec), tolerance: 0.1 });
  if (check.problems.length > 0) throw new MeshCheckError(`the replica of ${model.spec.host} fails its mesh checks: ${check.problems.join('; ')}`, { details: { host: model.spec.host } });
}

export async function prepareReplicas(options: PrepareOptions): Promise<Prepared> {
  mkdirSync(options.outDir, { recursive: true });
  let models: ReplicaModel[];
  let skipped: string[] = [];
  let plates;
  if ('host' in options.target) {
    const model = buildReplica(replicaSpec(options.inventory, options.target.host, { scale: options.scale, fru: options.fru?.[options.target.host] }));
    models = [model];
    const [w, d, h] = [0, 1, 2].map((a) => model.bounds.max[a]! - model.bounds.min[a]!) as [number, number, number];
    plates = packPlates([{ host: model.spec.host, width: w, depth: d, height: h }], options.bed);
  } else {
    const rack = buildRackReplicas(options.inventory, options.target.rack, { scale: options.scale, bed: options.bed, fru: options.fru });
    models = rack.replicas;
    skipped = rack.skipped.map((s) => `${s.host}: ${s.reason}`);
    plates = rack.plates;
    if (models.length === 0) throw new MeshCheckError(`rack ${options.target.rack} has no host the inventory can model: ${skipped.join('; ')}`);
  }
  const parts: ReplicaPart[] = [];
  for (const model of models) {
    checked(model);
    const stl = writeStl(model.mesh, model.spec.host, `1:${Math.round(1 / model.spec.scale)}`);
    const path = join(options.outDir, `${model.spec.host}.stl`);
    writeFileSync(path, stl);
    const b = model.bounds;
    parts.push({ host: model.spec.host, stl: path, sha256: sha256(stl), size: [b.max[0] - b.min[0], b.max[1] - b.min[1], b.max[2] - b.min[2]], triangles: model.mesh.positions.length / 9 });
  }
  const byHost = new Map(models.map((m) => [m.spec.host, m]));
  const plateFiles: ReplicaPlate[] = plates.map((plate) => {
    const mesh = mergeMeshes(plate.placements.map((p) => translateMesh(byHost.get(p.host)!.mesh, p.x, p.y, 0)));
    const path = join(options.outDir, `plate-${plate.index}.stl`);
    writeFileSync(path, writeStl(mesh, `plate ${plate.index}`, plate.placements.map((p) => p.host).join(',')));
    return { index: plate.index, hosts: plate.placements.map((p) => p.host), stl: path };
  });
  const preview = join(options.outDir, 'preview.png');
  writeFileSync(preview, await previewOf(models, options.target));
  return { scale: models[0]!.spec.scale, parts, plates: plateFiles, skipped, preview, models };
}

/** One server, or a rack's servers stacked as they sit in the rack (bottom first), with a caption. */
export async function previewOf(models: readonly ReplicaModel[], target: ReplicaTarget): Promise<Buffer> {
  let z = 0;
  const stacked: Mesh[] = [];
  for (const m of models) {
    stacked.push(translateMesh(m.mesh, 0, 0, z));
    z += m.bounds.max[2] - m.bounds.min[2] + 0.2;
  }
  const first = models[0]!.spec;
  const title = 'host' in target ? `${first.vendor} ${first.model} — ${first.host}` : `rack ${target.rack}: ${models.length} servers`;
  const caption = 'host' in target
    ? `${first.units}U, ${first.driveBays} drive bays, ${first.psus} PSUs${first.serial ? `, serial ${first.serial}` : ''} · scale 1:${Math.round(1 / first.scale)}`
    : `scale 1:${Math.round(1 / first.scale)} · ${models.map((m) => m.spec.host).join(', ')}`;
  return Buffer.from(await renderPreview(mergeMeshes(stacked), { title, caption }));
}
