/**
 * From CSG polygons to a closed triangle mesh. Boolean operations (BSP trees) leave T-junctions:
 * a vertex of one polygon lying on the edge of its neighbour, which a slicer or admesh sees as
 * a crack. JSCAD's own repair (`generalize({ triangulate })`) misses some around curved,
 * retessellated faces (the embossed letters), so this does it: weld vertices closer than a
 * tolerance to one position, insert every vertex lying on a polygon's edge into that edge, then
 * ear-clip each polygon (skipping zero-area ears, so no degenerate triangle comes out).
 */
import type { Mesh } from '../types.js';

type Vec3 = readonly [number, number, number] | readonly number[];

/**
 * A number key for a spatial cell (a hash: cells may share a key, so lookups compare positions,
 * and a query may list a vertex twice). Numbers, not `x,y,z` strings: no garbage per lookup.
 */
function cellKey(cx: number, cy: number, cz: number): number {
  return Math.imul(cx | 0, 73856093) ^ Math.imul(cy | 0, 19349663) ^ Math.imul(cz | 0, 83492791);
}

/** Vertices closer than this (mm) are one vertex; a vertex this close to an edge lies on it. */
export const WELD_TOLERANCE = 1e-5;

/** Triangulates polygons (each a list of [x, y, z], counter-clockwise seen from outside) into a crack-free mesh. */
export function polygonsToMesh(polygons: readonly (readonly Vec3[])[], tolerance = WELD_TOLERANCE): Mesh {
  const welder = new Welder(tolerance);
  let loops: number[][] = [];
  for (const poly of polygons) {
    const loop: number[] = [];
    for (const v of poly) {
      const id = welder.id(v[0]!, v[1]!, v[2]!);
      if (loop[loop.length - 1] !== id) loop.push(id);
    }
    while (loop.length > 1 && loop[0] === loop[loop.length - 1]) loop.pop();
    if (loop.length >= 3) loops.push(loop);
  }
  const grid = gridOf(welder);
  loops = loops.map((loop) => insertTJunctions(loop, welder, grid, tolerance));
  const out: number[] = [];
  for (const loop of loops) earClip(loop, welder, out);
  return { positions: Float32Array.from(out) };
}

class Welder {
  readonly xs: number[] = [];
  readonly ys: number[] = [];
  readonly zs: number[] = [];
  private readonly cells = new Map<number, number[]>();
  private readonly cell: number;

  constructor(private readonly tol: number) {
    this.cell = Math.max(tol * 4, 1e-9);
  }

  id(x: number, y: number, z: number): number {
    const cx = Math.floor(x / this.cell);
    const cy = Math.floor(y / this.cell);
    const cz = Math.floor(z / this.cell);
    for (let i = -1; i <= 1; i++) {
      for (let j = -1; j <= 1; j++) {
        for (let k = -1; k <= 1; k++) {
          for (const id of this.cells.get(cellKey(cx + i, cy + j, cz + k)) ?? []) {
            if (Math.abs(this.xs[id]! - x) <= this.tol && Math.abs(this.ys[id]! - y) <= this.tol && Math.abs(this.zs[id]! - z) <= this.tol) return id;
          }
        }
      }
    }
    const id = this.xs.length;
    this.xs.push(x);
    this.ys.push(y);
    this.zs.push(z);
    const key = cellKey(cx, cy, cz);
    const list = this.cells.get(key);
    if (list) list.push(id);
    else this.cells.set(key, [id]);
    return id;
  }
}

/** A coarse spatial grid over all vertices, for the edge queries. */
class Grid {
  private readonly cells = new Map<number, number[]>();
  constructor(
    private readonly w: Welder,
    private readonly size: number,
  ) {
    for (let id = 0; id < w.xs.length; id++) {
      const key = cellKey(Math.floor(w.xs[id]! / size), Math.floor(w.ys[id]! / size), Math.floor(w.zs[id]! / size));
      const list = this.cells.get(key);
      if (list) list.push(id);
      else this.cells.set(key, [id]);
    }
  }

  query(minX: number, minY: number, minZ: number, maxX: number, maxY: number, maxZ: number): number[] {
    const s = this.size;
    const out: number[] = [];
    const x0 = Math.floor(minX / s), x1 = Math.floor(maxX / s);
    const y0 = Math.floor(minY / s), y1 = Math.floor(maxY / s);
    const z0 = Math.floor(minZ / s), z1 = Math.floor(maxZ / s);
    const cellsInBox = (x1 - x0 + 1) * (y1 - y0 + 1) * (z1 - z0 + 1);
    if (cellsInBox > this.cells.size) {
      for (const list of this.cells.values()) out.push(...list);
      return out;
    }
    for (let i = x0; i <= x1; i++) for (let j = y0; j <= y1; j++) for (let k = z0; k <= z1; k++) out.push(...(this.cells.get(cellKey(i, j, k)) ?? []));
    return out;
  }
}

function gridOf(w: Welder): Grid {
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity, minZ = Infinity, maxZ = -Infinity;
  for (let i = 0; i < w.xs.length; i++) {
    minX = Math.min(minX, w.xs[i]!); maxX = Math.max(maxX, w.xs[i]!);
    minY = Math.min(minY, w.ys[i]!); maxY = Math.max(maxY, w.ys[i]!);
    minZ = Math.min(minZ, w.zs[i]!); maxZ = Math.max(maxZ, w.zs[i]!);
  }
  const extent = Math.max(maxX - minX, maxY - minY, maxZ - minZ, 1e-6);
  // About 64 cells along the longest side.
  return new Grid(w, extent / 64);
}

/** The loop with every vertex that lies on one of its edges inserted into that edge, in order. */
function insertTJunctions(loop: number[], w: Welder, grid: Grid, tol: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < loop.length; i++) {
    const a = loop[i]!;
    const b = loop[(i + 1) % loop.length]!;
    out.push(a);
    const ax = w.xs[a]!, ay = w.ys[a]!, az = w.zs[a]!;
    const dx = w.xs[b]! - ax, dy = w.ys[b]! - ay, dz = w.zs[b]! - az;
    const len2 = dx * dx + dy * dy + dz * dz;
    if (len2 === 0) continue;
    const found: [number, number][] = [];
    const candidates = grid.query(
      Math.min(ax, ax + dx) - tol, Math.min(ay, ay + dy) - tol, Math.min(az, az + dz) - tol,
      Math.max(ax, ax + dx) + tol, Math.max(ay, ay + dy) + tol, Math.max(az, az + dz) + tol,
    );
    for (const p of candidates) {
      if (p === a || p === b) continue;
      const px = w.xs[p]! - ax, py = w.ys[p]! - ay, pz = w.zs[p]! - az;
      const t = (px * dx + py * dy + pz * dz) / len2;
      if (t <= 0 || t >= 1) continue;
      const ex = px - t * dx, ey = py - t * dy, ez = pz - t * dz;
      if (ex * ex + ey * ey + ez * ez <= tol * tol) found.push([t, p]);
    }
    found.sort((u, v) => u[0] - v[0]);
    for (const [, p] of found) if (out[out.length - 1] !== p) out.push(p);
  }
  return out;
}

/** Ear-clips one planar loop (counter-clockwise about its normal) into triangles, skipping zero-area ears. */
function earClip(loop: number[], w: Welder, out: number[]): void {
  // Newell normal; project onto the plane of its largest component.
  let nx = 0, ny = 0, nz = 0;
  for (let i = 0; i < loop.length; i++) {
    const a = loop[i]!;
    const b = loop[(i + 1) % loop.length]!;
    nx += (w.ys[a]! - w.ys[b]!) * (w.zs[a]! + w.zs[b]!);
    ny += (w.zs[a]! - w.zs[b]!) * (w.xs[a]! + w.xs[b]!);
    nz += (w.xs[a]! - w.xs[b]!) * (w.ys[a]! + w.ys[b]!);
  }
  const ax = Math.abs(nx), ay = Math.abs(ny), az = Math.abs(nz);
  let u: number[], v: number[], sign: number;
  if (az >= ax && az >= ay) [u, v, sign] = [w.xs, w.ys, Math.sign(nz)];
  else if (ax >= ay) [u, v, sign] = [w.ys, w.zs, Math.sign(nx)];
  else [u, v, sign] = [w.zs, w.xs, Math.sign(ny)];
  if (sign === 0) return; // no area at all
  const cross = (a: number, b: number, c: number): number =>
    sign * ((u[b]! - u[a]!) * (v[c]! - v[a]!) - (v[b]! - v[a]!) * (u[c]! - u[a]!));
  const emit = (a: number, b: number, c: number): void => {
    out.push(w.xs[a]!, w.ys[a]!, w.zs[a]!, w.xs[b]!, w.ys[b]!, w.zs[b]!, w.xs[c]!, w.ys[c]!, w.zs[c]!);
  };
  const ring = [...loop];
  // Twice-areas (mm²) below this are zero: float noise on collinear points is around 1e-14.
  const areaEps = 1e-11;
  let guard = 0;
  while (ring.length > 3 && guard++ < loop.length * loop.length + 10) {
    let clipped = false;
    for (let i = 0; i < ring.length; i++) {
      const a = ring[(i + ring.length - 1) % ring.length]!;
      const b = ring[i]!;
      const c = ring[(i + 1) % ring.length]!;
      if (cross(a, b, c) <= areaEps) continue;
      let inside = false;
      for (const p of ring) {
        if (p === a || p === b || p === c) continue;
        // On an edge counts as inside: clipping that ear would leave a T-junction at p.
        if (cross(a, b, p) >= -areaEps && cross(b, c, p) >= -areaEps && cross(c, a, p) >= -areaEps) {
          inside = true;
          break;
        }
      }
      if (inside) continue;
      emit(a, b, c);
      ring.splice(i, 1);
      clipped = true;
      break;
    }
    if (!clipped) return; // only zero-area pieces left
  }
  if (ring.length === 3 && cross(ring[0]!, ring[1]!, ring[2]!) > areaEps) emit(ring[0]!, ring[1]!, ring[2]!);
}
