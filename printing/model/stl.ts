/**
 * Meshes: from JSCAD solids to triangles, and binary STL out and back in.
 *
 * Binary STL: an 80-byte header (ours names swaybot and the host, and never starts with `solid`,
 * which readers take for ASCII STL), a little-endian uint32 triangle count, then per triangle
 * a facet normal and three vertices (12 float32) and a uint16 attribute (0).
 */
import jscad from '@jscad/modeling';
import type { Bounds, Mesh } from '../types.js';
import { polygonsToMesh } from './weld.js';

/** A JSCAD solid (geom3). */
export type Geom3 = ReturnType<typeof jscad.primitives.cuboid>;

const HEADER_BYTES = 80;
const FACET_BYTES = 50;

/**
 * The triangles of a JSCAD solid (transforms applied). By default each (convex) polygon is
 * fan-triangulated in its vertex order; `{ weld: true }` also welds vertices and repairs the
 * T-junctions boolean operations leave (weld.ts), for a crack-free mesh.
 */
export function meshFromGeom(geom: Geom3, options: { weld?: boolean } = {}): Mesh {
  const polygons = jscad.geometries.geom3.toPolygons(geom);
  if (options.weld) return polygonsToMesh(polygons.map((p) => p.vertices));
  let count = 0;
  for (const p of polygons) count += Math.max(0, p.vertices.length - 2);
  const positions = new Float32Array(count * 9);
  let o = 0;
  for (const p of polygons) {
    const v = p.vertices;
    const a = v[0];
    if (!a) continue;
    for (let i = 1; i + 1 < v.length; i++) {
      const b = v[i]!;
      const c = v[i + 1]!;
      positions.set([a[0], a[1], a[2], b[0], b[1], b[2], c[0], c[1], c[2]], o);
      o += 9;
    }
  }
  return { positions };
}

/** Number of triangles of a mesh. */
export function triangleCount(mesh: Mesh): number {
  return Math.floor(mesh.positions.length / 9);
}

/** Axis-aligned bounds of a mesh (zeros for an empty one). */
export function meshBounds(mesh: Mesh): Bounds {
  const p = mesh.positions;
  if (p.length < 3) return { min: [0, 0, 0], max: [0, 0, 0] };
  const min: [number, number, number] = [Infinity, Infinity, Infinity];
  const max: [number, number, number] = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i + 2 < p.length; i += 3) {
    for (let k = 0; k < 3; k++) {
      const x = p[i + k]!;
      if (x < min[k]!) min[k] = x;
      if (x > max[k]!) max[k] = x;
    }
  }
  return { min, max };
}

/** The unit normal of a triangle from its vertex order (counter-clockwise seen from outside); zeros when degenerate. */
export function facetNormal(p: ArrayLike<number>, o: number): [number, number, number] {
  const ux = p[o + 3]! - p[o]!;
  const uy = p[o + 4]! - p[o + 1]!;
  const uz = p[o + 5]! - p[o + 2]!;
  const vx = p[o + 6]! - p[o]!;
  const vy = p[o + 7]! - p[o + 1]!;
  const vz = p[o + 8]! - p[o + 2]!;
  const nx = uy * vz - uz * vy;
  const ny = uz * vx - ux * vz;
  const nz = ux * vy - uy * vx;
  const len = Math.hypot(nx, ny, nz);
  return len > 0 ? [nx / len, ny / len, nz / len] : [0, 0, 0];
}

/** The 80-byte header text: `swaybot replica <host> …`. */
export function stlHeader(host: string, note = ''): string {
  const text = `swaybot replica ${host}${note ? ` ${note}` : ''}`;
  return text.length > HEADER_BYTES ? text.slice(0, HEADER_BYTES) : text;
}

/** A binary STL of the mesh; the header names swaybot and the host. */
export function writeStl(mesh: Mesh, host: string, note = ''): Buffer {
  const n = triangleCount(mesh);
  const buf = Buffer.alloc(HEADER_BYTES + 4 + n * FACET_BYTES);
  // Header: ASCII, padded with spaces (never starting with "solid").
  buf.fill(0x20, 0, HEADER_BYTES);
  buf.write(stlHeader(host, note).replace(/[^\x20-\x7e]/g, '?'), 0, HEADER_BYTES, 'ascii');
  buf.writeUInt32LE(n, HEADER_BYTES);
  const p = mesh.positions;
  let o = HEADER_BYTES + 4;
  for (let t = 0; t < n; t++) {
    const normal = facetNormal(p, t * 9);
    for (const x of normal) {
      buf.writeFloatLE(x, o);
      o += 4;
    }
    for (let k = 0; k < 9; k++) {
      buf.writeFloatLE(p[t * 9 + k]!, o);
      o += 4;
    }
    buf.writeUInt16LE(0, o);
    o += 2;
  }
  return buf;
}

export interface StlFile {
  header: string;
  mesh: Mesh;
  /** The stored facet normals, 3 floats per triangle. */
  normals: Float32Array;
}

/** Reads a binary STL (throws on a truncated file or an ASCII one). */
export function readStl(data: Uint8Array): StlFile {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (buf.length < HEADER_BYTES + 4) throw new Error(`not a binary STL: ${buf.length} bytes, the header alone is 84`);
  const n = buf.readUInt32LE(HEADER_BYTES);
  const expected = HEADER_BYTES + 4 + n * FACET_BYTES;
  if (buf.length !== expected) {
    const ascii = buf.subarray(0, 5).toString('ascii') === 'solid' ? ' (it looks like ASCII STL)' : '';
    throw new Error(`not a binary STL: ${n} triangles need ${expected} bytes, the file has ${buf.length}${ascii}`);
  }
  const positions = new Float32Array(n * 9);
  const normals = new Float32Array(n * 3);
  let o = HEADER_BYTES + 4;
  for (let t = 0; t < n; t++) {
    for (let k = 0; k < 3; k++) normals[t * 3 + k] = buf.readFloatLE(o + k * 4);
    for (let k = 0; k < 9; k++) positions[t * 9 + k] = buf.readFloatLE(o + 12 + k * 4);
    o += FACET_BYTES;
  }
  const header = buf.subarray(0, HEADER_BYTES).toString('ascii').replace(/[\0 ]+$/, '');
  return { header, mesh: { positions }, normals };
}

/** Moves a mesh by (dx, dy, dz): a copy. */
export function translateMesh(mesh: Mesh, dx: number, dy: number, dz: number): Mesh {
  const positions = new Float32Array(mesh.positions.length);
  for (let i = 0; i + 2 < positions.length; i += 3) {
    positions[i] = mesh.positions[i]! + dx;
    positions[i + 1] = mesh.positions[i + 1]! + dy;
    positions[i + 2] = mesh.positions[i + 2]! + dz;
  }
  return { positions };
}

/** Several meshes as one (a build plate). */
export function mergeMeshes(meshes: readonly Mesh[]): Mesh {
  const positions = new Float32Array(meshes.reduce((n, m) => n + m.positions.length, 0));
  let o = 0;
  for (const m of meshes) {
    positions.set(m.positions, o);
    o += m.positions.length;
  }
  return { positions };
}
