/**
 * Mesh checks in code: is a triangle mesh one printable solid? Vertices are welded by position
 * (quantised to 1e-4 mm), then every edge is counted.
 *
 * - watertight: every edge is shared by exactly two triangles (no holes, no fins);
 * - consistentNormals: no directed edge is used twice (neighbours agree on orientation);
 * - manifold: watertight with each edge used once in each direction, and every vertex's
 *   triangles form one fan (no two solids touching at a point);
 * - volume: signed (divergence theorem); positive when normals point outward.
 * The bounding box is compared with an expected size when one is given.
 */
import type { Bounds, Mesh } from '../types.js';

/** Vertices closer than this (mm) are the same vertex. */
export const WELD_MM = 1e-4;

export interface ExpectedSize {
  size: [number, number, number];
  /** mm; default 0.1. */
  tolerance?: number;
}

export interface MeshCheck {
  watertight: boolean;
  manifold: boolean;
  consistentNormals: boolean;
  triangles: number;
  /** Triangles with two welded vertices equal or no area. */
  degenerate: number;
  /** Connected pieces (1 for one solid). */
  shells: number;
  bounds: Bounds;
  /** mm³, signed: positive when the normals point outward. */
  volume: number;
  /** Empty when the mesh is one closed, manifold, outward-facing solid of the expected size. */
  problems: string[];
}

/** Checks a mesh; `problems` says what is wrong in words (empty when nothing is). */
export function checkMesh(mesh: Mesh, expected?: ExpectedSize): MeshCheck {
  const p = mesh.positions;
  const triangles = Math.floor(p.length / 9);
  const problems: string[] = [];
  if (p.length % 9 !== 0) problems.push(`${p.length} floats is not a whole number of triangles (9 floats each)`);

  // Weld vertices.
  const ids = new Map<string, number>();
  const tri = new Int32Array(triangles * 3);
  const min: [number, number, number] = [Infinity, Infinity, Infinity];
  const max: [number, number, number] = [-Infinity, -Infinity, -Infinity];
  for (let v = 0; v < triangles * 3; v++) {
    const x = p[v * 3]!;
    const y = p[v * 3 + 1]!;
    const z = p[v * 3 + 2]!;
    if (!Number.isFinite(x) || !Number.isFinite(y) || !Number.isFinite(z)) {
      problems.push(`vertex ${v} of triangle ${Math.floor(v / 3)} is not finite`);
    }
    const key = `${Math.round(x / WELD_MM)},${Math.round(y / WELD_MM)},${Math.round(z / WELD_MM)}`;
    let id = ids.get(key);
    if (id === undefined) {
      id = ids.size;
      ids.set(key, id);
    }
    tri[v] = id;
    if (x < min[0]) min[0] = x;
    if (y < min[1]) min[1] = y;
    if (z < min[2]) min[2] = z;
    if (x > max[0]) max[0] = x;
    if (y > max[1]) max[1] = y;
    if (z > max[2]) max[2] = z;
  }
  const bounds: Bounds = triangles > 0 ? { min, max } : { min: [0, 0, 0], max: [0, 0, 0] };
  const vertexCount = ids.size;

  // Degenerate triangles, volume.
  let degenerate = 0;
  let volume = 0;
  const live: number[] = [];
  for (let t = 0; t < triangles; t++) {
    const a = tri[t * 3]!;
    const b = tri[t * 3 + 1]!;
    const c = tri[t * 3 + 2]!;
    const o = t * 9;
    const ax = p[o]!, ay = p[o + 1]!, az = p[o + 2]!;
    const bx = p[o + 3]!, by = p[o + 4]!, bz = p[o + 5]!;
    const cx = p[o + 6]!, cy = p[o + 7]!, cz = p[o + 8]!;
    volume += (ax * (by * cz - bz * cy) - ay * (bx * cz - bz * cx) + az * (bx * cy - by * cx)) / 6;
    const ux = bx - ax, uy = by - ay, uz = bz - az;
    const vx = cx - ax, vy = cy - ay, vz = cz - az;
    const area2 = Math.hypot(uy * vz - uz * vy, uz * vx - ux * vz, ux * vy - uy * vx);
    if (a === b || b === c || a === c || area2 < WELD_MM * WELD_MM) {
      degenerate++;
      continue;
    }
    live.push(t);
  }

  // Edges: directed uses, keyed by (from, to).
  const directed = new Map<number, number>();
  const key = (from: number, to: number): number => from * vertexCount + to;
  for (const t of live) {
    for (let k = 0; k < 3; k++) {
      const from = tri[t * 3 + k]!;
      const to = tri[t * 3 + ((k + 1) % 3)]!;
      const e = key(from, to);
      directed.set(e, (directed.get(e) ?? 0) + 1);
    }
  }
  let open = 0; // undirected edges used once
  let over = 0; // used three times or more
  let doubled = 0; // a directed edge used twice or more
  const seen = new Set<number>();
  for (const [e, n] of directed) {
    if (n > 1) doubled++;
    const from = Math.floor(e / vertexCount);
    const to = e % vertexCount;
    const lo = Math.min(from, to);
    const hi = Math.max(from, to);
    const u = key(lo, hi);
    if (seen.has(u)) continue;
    seen.add(u);
    const total = (directed.get(key(lo, hi)) ?? 0) + (directed.get(key(hi, lo)) ?? 0);
    if (total === 1) open++;
    else if (total > 2) over++;
  }
  const watertight = triangles > 0 && open === 0 && over === 0;
  const consistentNormals = doubled === 0;

  // Vertex fans: at each vertex, the opposite edges of its triangles form exactly one cycle.
  let pinched = 0;
  if (watertight && consistentNormals) {
    const links = new Map<number, Map<number, number>>();
    for (const t of live) {
      for (let k = 0; k < 3; k++) {
        const v = tri[t * 3 + k]!;
        const b = tri[t * 3 + ((k + 1) % 3)]!;
        const c = tri[t * 3 + ((k + 2) % 3)]!;
        let link = links.get(v);
        if (!link) links.set(v, (link = new Map()));
        link.set(b, c);
      }
    }
    for (const link of links.values()) {
      const [start] = link.keys();
      let steps = 0;
      let at = start;
      do {
        at = at === undefined ? undefined : link.get(at);
        steps++;
      } while (at !== undefined && at !== start && steps <= link.size);
      if (steps !== link.size) pinched++;
    }
  }
  const manifold = watertight && consistentNormals && pinched === 0;

  // Connected pieces (union-find over shared vertices).
  const parent = new Int32Array(vertexCount).map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  for (const t of live) {
    const a = find(tri[t * 3]!);
    for (let k = 1; k < 3; k++) {
      const b = find(tri[t * 3 + k]!);
      if (a !== b) parent[b] = a;
    }
  }
  const roots = new Set<number>();
  for (const t of live) roots.add(find(tri[t * 3]!));
  const shells = roots.size;

  if (triangles === 0) problems.push('the mesh has no triangles');
  if (degenerate > 0) problems.push(`${degenerate} degenerate triangle(s) (no area)`);
  if (open > 0) problems.push(`not watertight: ${open} edge(s) belong to one triangle only (a hole)`);
  if (over > 0) problems.push(`not manifold: ${over} edge(s) are shared by more than two triangles`);
  if (doubled > 0) problems.push(`inconsistent normals: ${doubled} edge(s) are used twice in the same direction (a flipped triangle)`);
  if (pinched > 0) problems.push(`not manifold: ${pinched} vertex/vertices join separate fans (solids touching at a point)`);
  if (shells > 1) problems.push(`${shells} separate shells, not one solid`);
  if (triangles > 0 && !(volume > 0)) problems.push(`volume ${volume.toFixed(3)} mm³ is not positive: the normals point inward`);
  if (expected && triangles > 0) {
    const tol = expected.tolerance ?? 0.1;
    const axes = ['x', 'y', 'z'] as const;
    for (let k = 0; k < 3; k++) {
      const got = bounds.max[k]! - bounds.min[k]!;
      const want = expected.size[k]!;
      if (Math.abs(got - want) > tol) problems.push(`${axes[k]} size ${got.toFixed(3)} mm, expected ${want.toFixed(3)} ± ${tol} mm`);
    }
  }
  return { watertight, manifold, consistentNormals, triangles, degenerate, shells, bounds, volume, problems };
}
