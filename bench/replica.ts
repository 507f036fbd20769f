/**
 * bench:replica — time per stage of a replica run, for one 2U server (drill-db-01 of the drill
 * inventory) and a full 42U rack (a synthetic inventory of 20 servers of 1U–4U, written to a temp
 * file), at the default scale (1:10) on the default 220 x 220 mm bed with our profile:
 *
 *   model    inventory → spec → jscad model → mesh; packing; binary STLs of parts and plates
 *   checks   the in-code mesh checks (closed, manifold, outward normals, size within 0.1 mm)
 *            and admesh on each part's STL (0 degenerate facets, 1 part)
 *   preview  the PNG render (one server, or the rack's servers stacked)
 *   slice    PrusaSlicer on each plate: the anchor, measured in the same run
 *
 * Each target first runs `--warmup` times uncounted (default 1: a long-lived worker has its code
 * loaded and compiled; the slicer, a fresh process each time, gains nothing from it), then
 * `--runs` times (default 5); the table shows medians, and the cold first run is printed too.
 * The figure of merit is our own stages (model + checks + preview) as a share of the slicer's
 * time; target < 25 %.
 *
 *   npm run bench:replica [-- --runs 5 --warmup 1]
 */
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadInventory, type Inventory } from '../hardware/inventory.js';
import { checkMesh } from '../printing/mesh/check.js';
import { findAdmesh, runAdmesh } from '../printing/mesh/admesh.js';
import { packPlates } from '../printing/model/pack.js';
import { buildRackReplicas } from '../printing/model/rack.js';
import { buildReplica, replicaSize, type ReplicaModel } from '../printing/model/replica.js';
import { replicaSpec } from '../printing/model/spec.js';
import { mergeMeshes, translateMesh, writeStl } from '../printing/model/stl.js';
import { previewOf } from '../printing/pipeline.js';
import { DEFAULT_PROFILE, findSlicer, sliceStl, slicerVersion } from '../printing/slicer/slicer.js';
import type { ReplicaTarget } from '../printing/status.js';
import type { BedSize, Plate } from '../printing/types.js';

function intArg(name: string, fallback: number, min: number): number {
  const at = process.argv.indexOf(name);
  const v = at > 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(v) || v < min) throw new Error(`${name} must be a whole number ≥ ${min}`);
  return v;
}
const runs = intArg('--runs', 5, 1);
const warmup = intArg('--warmup', 1, 0);

const SCALE = 0.1;
const BED: BedSize = { x: 220, y: 220, z: 250 };
const DRILL_INVENTORY = fileURLToPath(new URL('../devstack/drill/inventory.yaml', import.meta.url));
const STAGES = ['model', 'checks', 'preview', 'slice'] as const;
type Stage = (typeof STAGES)[number];
type Times = Record<Stage, number>;

/** 20 servers filling 42U: 6 × 1U, 8 × 2U, 4 × 3U, 2 × 4U, stacked from position 1. */
function rackInventory(dir: string): { path: string; hosts: number; units: number } {
  const units = [...Array<number>(6).fill(1), ...Array<number>(8).fill(2), ...Array<number>(4).fill(3), ...Array<number>(2).fill(4)];
  const models: Record<number, [string, number, number]> = { 1: ['PowerEdge R650', 749, 10], 2: ['PowerEdge R750', 758, 12], 3: ['PowerEdge R940', 805, 24], 4: ['PowerEdge R940xa', 871, 32] };
  const lines = ['hosts:'];
  let position = 1;
  units.forEach((u, i) => {
    const [model, depth, bays] = models[u]!;
    const name = `bench-${String(i + 1).padStart(2, '0')}`;
    lines.push(
      `  ${name}:`,
      '    bmc: { address: 127.0.0.1, port: 9, protocol: ipmi, credentials: { username: admin, password: { env: BENCH_UNUSED_PASSWORD } } }',
      '    rack: bench-42u',
      `    position: ${position}`,
      '    vendor: Dell',
      `    model: ${model}`,
      `    chassis: { units: ${u}, depth: ${depth}, driveBays: ${bays}, psus: 2, assetTag: BENCH-${String(i + 1).padStart(2, '0')} }`,
    );
    position += u;
  });
  lines.push('racks:', '  bench-42u: { units: 42 }', '');
  const path = join(dir, 'rack-42u.yaml');
  writeFileSync(path, lines.join('\n'));
  return { path, hosts: units.length, units: units.reduce((a, b) => a + b, 0) };
}

const now = () => performance.now();

interface RunResult {
  times: Times;
  parts: number;
  plates: number;
  triangles: number;
  layers: number[];
}

/** One run of a target: every stage timed on its own, in pipeline order. */
async function runOnce(inventoryPath: string, target: ReplicaTarget, dir: string, slicer: string): Promise<RunResult> {
  const times: Times = { model: 0, checks: 0, preview: 0, slice: 0 };

  // model: inventory → models → plates → STL files.
  let t = now();
  const inventory: Inventory = loadInventory(inventoryPath);
  let models: ReplicaModel[];
  let plates: Plate[];
  if ('host' in target) {
    const model = buildReplica(replicaSpec(inventory, target.host, { scale: SCALE }));
    models = [model];
    const [w, d, h] = [0, 1, 2].map((a) => model.bounds.max[a]! - model.bounds.min[a]!) as [number, number, number];
    plates = packPlates([{ host: model.spec.host, width: w, depth: d, height: h }], BED);
  } else {
    const rack = buildRackReplicas(inventory, target.rack, { scale: SCALE, bed: BED });
    if (rack.skipped.length > 0) throw new Error(`bench rack skipped hosts: ${rack.skipped.map((s) => s.reason).join('; ')}`);
    models = rack.replicas;
    plates = rack.plates;
  }
  const partFiles = models.map((m) => {
    const path = join(dir, `${m.spec.host}.stl`);
    writeFileSync(path, writeStl(m.mesh, m.spec.host, `1:${Math.round(1 / SCALE)}`));
    return path;
  });
  const byHost = new Map(models.map((m) => [m.spec.host, m]));
  const plateFiles = plates.map((plate) => {
    const mesh = mergeMeshes(plate.placements.map((p) => translateMesh(byHost.get(p.host)!.mesh, p.x, p.y, 0)));
    const path = join(dir, `plate-${plate.index}.stl`);
    writeFileSync(path, writeStl(mesh, `plate ${plate.index}`));
    return path;
  });
  times.model = now() - t;

  // checks: in code, then admesh on each part's file.
  t = now();
  for (const m of models) {
    const check = checkMesh(m.mesh, { size: replicaSize(m.spec), tolerance: 0.1 });
    if (check.problems.length > 0) throw new Error(`${m.spec.host} fails its mesh checks: ${check.problems.join('; ')}`);
  }
  const admesh = findAdmesh();
  if (admesh === undefined) throw new Error('admesh not found (sudo apt-get install -y admesh)');
  for (const file of partFiles) {
    const report = await runAdmesh(file, admesh);
    if (report.parts !== 1 || report.degenerateFacets !== 0) throw new Error(`admesh ${file}: ${report.parts} parts, ${report.degenerateFacets} degenerate facets`);
  }
  times.checks = now() - t;

  // preview.
  t = now();
  const png = await previewOf(models, target);
  writeFileSync(join(dir, 'preview.png'), png);
  times.preview = now() - t;

  // slice: each plate, one after another, as the workflow does.
  t = now();
  const layers: number[] = [];
  for (const [i, stl] of plateFiles.entries()) {
    const sliced = await sliceStl({ stl, out: join(dir, `plate-${i}.gcode`), profile: DEFAULT_PROFILE, binary: slicer, overrides: { bed: BED } });
    layers.push(sliced.layers);
  }
  times.slice = now() - t;

  return { times, parts: models.length, plates: plates.length, triangles: models.reduce((s, m) => s + m.mesh.positions.length / 9, 0), layers };
}

const median = (values: number[]): number => {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const ms = (v: number) => (v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : `${v.toFixed(0)} ms`);
const pct = (v: number) => `${(v * 100).toFixed(1)} %`;

async function main(): Promise<void> {
  const slicer = findSlicer();
  if (slicer.binary === undefined) throw new Error(slicer.missing);
  const dir = await mkdtemp(join(tmpdir(), 'swaybot-bench-replica-'));
  try {
    const rack = rackInventory(dir);
    const targets: { label: string; inventory: string; target: ReplicaTarget }[] = [
      { label: 'drill-db-01 (2U)', inventory: DRILL_INVENTORY, target: { host: 'drill-db-01' } },
      { label: `42U rack (${rack.hosts} servers, ${rack.units}U)`, inventory: rack.path, target: { rack: 'bench-42u' } },
    ];
    console.log('# bench:replica');
    console.log('');
    console.log(`command: node --import tsx bench/replica.ts --runs ${runs} --warmup ${warmup}   (npm run bench:replica)`);
    console.log(`machine: ${cpus().length} × ${cpus()[0]?.model.trim() ?? '?'}, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}; node ${process.version}; ${await slicerVersion(slicer.binary)}`);
    console.log(`scale 1:${Math.round(1 / SCALE)}, bed ${BED.x} × ${BED.y} mm, profile printing/profiles/swaybot-replica.ini; ${warmup} uncounted warm-up run(s) then ${runs} runs per target, medians`);
    console.log('');

    const results: { label: string; med: Times; runs: RunResult[] }[] = [];
    let cold: { label: string; times: Times } | undefined;
    for (const t of targets) {
      const done: RunResult[] = [];
      for (let i = -warmup; i < runs; i++) {
        const runDir = await mkdtemp(join(dir, 'run-'));
        const result = await runOnce(t.inventory, t.target, runDir, slicer.binary);
        cold ??= { label: t.label, times: result.times };
        if (i >= 0) done.push(result);
        const name = i < 0 ? `warm-up ${i + warmup + 1}/${warmup}` : `run ${i + 1}/${runs}`;
        process.stderr.write(`  ${t.label}: ${name} ${STAGES.map((s) => `${s} ${ms(result.times[s])}`).join(', ')}\n`);
      }
      const med = Object.fromEntries(STAGES.map((s) => [s, median(done.map((r) => r.times[s]))])) as Times;
      results.push({ label: t.label, med, runs: done });
    }

    console.log('| target | parts | plates | triangles | layers | model | checks (code + admesh) | preview | **ours** (model + checks + preview) | slice (anchor) | ours / slice |');
    console.log('|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|');
    let worst = 0;
    for (const r of results) {
      const first = r.runs[0]!;
      const ours = r.med.model + r.med.checks + r.med.preview;
      const ratio = ours / r.med.slice;
      worst = Math.max(worst, ratio);
      console.log(`| ${r.label} | ${first.parts} | ${first.plates} | ${first.triangles} | ${first.layers.join(', ')} | ${ms(r.med.model)} | ${ms(r.med.checks)} | ${ms(r.med.preview)} | **${ms(ours)}** | ${ms(r.med.slice)} | **${pct(ratio)}** |`);
    }
    console.log('');
    for (const r of results) {
      const ours = r.med.model + r.med.checks + r.med.preview;
      const ratio = ours / r.med.slice;
      console.log(`${r.label}: our stages ${ms(ours)} = ${pct(ratio)} of the slicer's ${ms(r.med.slice)} (target < 25 %: ${ratio < 0.25 ? 'met' : 'NOT met'})`);
    }
    console.log(`target "our stages < 25 % of the slicer's time": ${worst < 0.25 ? 'met' : 'NOT met'} (worst ${pct(worst)})`);
    if (cold) {
      const ours = cold.times.model + cold.times.checks + cold.times.preview;
      console.log(`cold (the process's first run, ${cold.label}: modules loaded and compiled on the way): model ${ms(cold.times.model)}, checks ${ms(cold.times.checks)}, preview ${ms(cold.times.preview)}, ours ${ms(ours)} = ${pct(ours / cold.times.slice)} of the slicer's ${ms(cold.times.slice)}`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
