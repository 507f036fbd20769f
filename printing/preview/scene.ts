/**
 * The preview's geometry: an orthographic camera looking at the part's centre from a front
 * three-quarter view, back faces culled, each triangle flat-shaded (ambient + a key and a weak fill
 * light, Lambert), large triangles cut into small pieces so that a painter's sort by centroid depth
 * stays right where a recess meets the face around it, and the pieces sorted far to near.
 *
 * Conventions (printing/types.ts): mm, Z up, the server's front faces −Y, triangles
 * counter-clockwise seen from outside. Pure code: no I/O.
 */
import type { Bounds, Mesh } from '../types.js';

type Vec3 = [number, number, number];

export interface SceneOptions {
  /** Image size, px. */
  width: number;
  height: number;
  /** Space kept free around the drawing (title, caption, margins), px. */
  frame?: { left: number; top: number; right: number; bottom: number };
  /** Camera azimuth about Z from straight in front (−Y); negative = front-left. Default −35. */
  azimuthDeg?: number;
  /** Camera elevation above the horizon. Default 25. */
  elevationDeg?: number;
  /** Base colour of the part, #rgb or #rrggbb. Default #8a9bb0. */
  color?: string;
  /** Triangles whose on-screen edges are longer than this are cut into pieces (painter's accuracy). */
  maxEdgePx?: number;
}

/** What is drawn, far to near, in image pixels (y down). */
export interface Scene {
  width: number;
  height: number;
  /** Number of pieces drawn. */
  count: number;
  /** 6 numbers a piece: x0 y0 x1 y1 x2 y2 (clockwise in image coordinates, y down). */
  points: Float64Array;
  /** Index into `palette` for each piece. */
  fill: Uint32Array;
  /** The mesh triangle each piece came from. */
  source: Uint32Array;
  /** Fill colours (#rrggbb). */
  palette: string[];
  /** The soft ground shadow under the part, px. */
  shadow: { cx: number; cy: number; rx: number; ry: number } | undefined;
}

/** The visible triangles, projected and shaded, in mesh order (what a depth-buffer rasteriser needs). */
export interface Projected {
  width: number;
  height: number;
  /** Image pixels per mm. */
  scale: number;
  /** Number of visible (front-facing) triangles. */
  count: number;
  /** 6 numbers a triangle: x0 y0 x1 y1 x2 y2, image pixels (y down). */
  points: Float64Array;
  /** 3 numbers a triangle: each vertex's distance towards the camera, mm (larger is nearer). */
  depth: Float64Array;
  /** Index into `palette` for each triangle. */
  fill: Uint32Array;
  /** The mesh triangle each one is. */
  source: Uint32Array;
  palette: string[];
  shadow: Scene['shadow'];
}

export const DEFAULT_COLOR = '#8a9bb0';
const AMBIENT = 0.35;
const KEY = 0.75;
const FILL = 0.25;
/** How much a front face sitting behind the frontmost point is darkened, at most (drive bays, vents). */
const RECESS_DARKEN = 0.38;
/** A face is "flat towards the front" when its normal's −Y component is at least this. */
const FLAT_FRONT = 0.999;
/** Shading steps per unit of intensity: curved parts still look smooth, and same-colour runs get long (fewer SVG paths). */
const SHADE_LEVELS = 64;
/** Pieces allowed beyond the visible triangles, so subdivision never makes a big mesh slow. */
const EXTRA_PIECES = 120_000;

export function meshBounds(mesh: Mesh): Bounds {
  const p = mesh.positions;
  const min: Vec3 = [Infinity, Infinity, Infinity];
  const max: Vec3 = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i + 2 < p.length; i += 3) {
    for (let k = 0; k < 3; k++) {
      const v = p[i + k]!;
      if (v < min[k]!) min[k] = v;
      if (v > max[k]!) max[k] = v;
    }
  }
  return { min, max };
}

export function parseColor(color: string): Vec3 {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim());
  if (!m) throw new TypeError(`preview colour must be #rgb or #rrggbb, got '${color}'`);
  const hex = m[1]!;
  const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
  return [parseInt(full.slice(0, 2), 16), parseInt(full.slice(2, 4), 16), parseInt(full.slice(4, 6), 16)];
}

function normalize(v: Vec3): Vec3 {
  const l = Math.hypot(v[0], v[1], v[2]);
  return [v[0] / l, v[1] / l, v[2] / l];
}

/** The camera frame: `toward` points from the part to the camera; right × up = toward. */
export function cameraFrame(azimuthDeg: number, elevationDeg: number): { right: Vec3; up: Vec3; toward: Vec3 } {
  const a = (azimuthDeg * Math.PI) / 180;
  const e = (Math.max(-89, Math.min(89, elevationDeg)) * Math.PI) / 180;
  // Azimuth 0 puts the camera straight in front (−Y); it turns about Z, negative towards −X.
  const toward: Vec3 = [Math.cos(e) * Math.sin(a), -Math.cos(e) * Math.cos(a), Math.sin(e)];
  const right: Vec3 = [Math.cos(a), Math.sin(a), 0];
  const up: Vec3 = [
    toward[1] * right[2] - toward[2] * right[1],
    toward[2] * right[0] - toward[0] * right[2],
    toward[0] * right[1] - toward[1] * right[0],
  ];
  return { right, up, toward };
}

/**
 * Lights turn with the camera, so every view is lit alike: the key from above, in front and a
 * little right of the camera; a weak fill from the side the camera looks at. In the default view the
 * top is brightest, the front next and the side darkest: three clearly different shades.
 */
function lights(azimuthDeg: number): { key: Vec3; fill: Vec3 } {
  const a = (azimuthDeg * Math.PI) / 180;
  const h: Vec3 = [Math.sin(a), -Math.cos(a), 0]; // horizontal, towards the camera
  const s: Vec3 = [Math.cos(a), Math.sin(a), 0]; // horizontal, camera's right
  const mix = (ah: number, as: number, az: number): Vec3 => normalize([ah * h[0] + as * s[0], ah * h[1] + as * s[1], az]);
  return { key: mix(0.5, 0.3, 0.81), fill: mix(0.3, -0.9, 0.3) };
}

/** Growable buffers for the pieces. */
class Pieces {
  count = 0;
  points = new Float64Array(6 * 1024);
  depth = new Float64Array(1024);
  near = new Float64Array(1024);
  fill = new Uint32Array(1024);
  source = new Uint32Array(1024);

  push(x0: number, y0: number, x1: number, y1: number, x2: number, y2: number, d: number, near: number, fill: number, source: number): void {
    if (this.count === this.depth.length) this.grow();
    const i = this.count++;
    const o = 6 * i;
    const p = this.points;
    p[o] = x0;
    p[o + 1] = y0;
    p[o + 2] = x1;
    p[o + 3] = y1;
    p[o + 4] = x2;
    p[o + 5] = y2;
    this.depth[i] = d;
    this.near[i] = near;
    this.fill[i] = fill;
    this.source[i] = source;
  }

  private grow(): void {
    const n = this.depth.length * 2;
    const points = new Float64Array(6 * n);
    points.set(this.points);
    this.points = points;
    const depth = new Float64Array(n);
    depth.set(this.depth);
    this.depth = depth;
    const near = new Float64Array(n);
    near.set(this.near);
    this.near = near;
    const fill = new Uint32Array(n);
    fill.set(this.fill);
    this.fill = fill;
    const source = new Uint32Array(n);
    source.set(this.source);
    this.source = source;
  }
}

/**
 * The Y of the server's front (the bezel): the frontmost flat face towards −Y holding a good share
 * of the front-facing area, so that handles or a label standing proud of it do not count as the
 * front. Undefined for a part with no such plane (a curved one): then nothing is darkened.
 */
function frontPlane(pos: Float32Array, size: number): number | undefined {
  const step = Math.max(size * 1e-4, 1e-6);
  const areas = new Map<number, number>();
  let total = 0;
  for (let o = 0; o + 8 < pos.length; o += 9) {
    const ax = pos[o + 3]! - pos[o]!, ay = pos[o + 4]! - pos[o + 1]!, az = pos[o + 5]! - pos[o + 2]!;
    const bx = pos[o + 6]! - pos[o]!, by = pos[o + 7]! - pos[o + 1]!, bz = pos[o + 8]! - pos[o + 2]!;
    // The normal's Y component times twice the area; negative faces −Y.
    const ny = az * bx - ax * bz;
    const len = Math.hypot(ay * bz - az * by, ny, ax * by - ay * bx);
    if (!(len > 0) || ny >= 0) continue;
    total -= ny;
    if (ny > -FLAT_FRONT * len) continue;
    const key = Math.round((pos[o + 1]! + pos[o + 4]! + pos[o + 7]!) / 3 / step);
    areas.set(key, (areas.get(key) ?? 0) + len);
  }
  // A hidden body face behind the bezel can be the largest plane: take the frontmost big one.
  let best = Infinity;
  for (const [key, area] of areas) if (area >= total * 0.1) best = Math.min(best, key * step);
  return Number.isFinite(best) ? best : undefined;
}

/** Projects, culls and shades: every front-facing triangle once, in mesh order. */
export function projectScene(mesh: Mesh, options: SceneOptions): Projected {
  const { width, height } = options;
  const frame = options.frame ?? { left: 0, top: 0, right: 0, bottom: 0 };
  const azimuthDeg = options.azimuthDeg ?? -35;
  const elevationDeg = options.elevationDeg ?? 25;
  const base = parseColor(options.color ?? DEFAULT_COLOR);
  const pos = mesh.positions;
  if (pos.length % 9 !== 0) throw new RangeError(`mesh positions must hold 9 floats per triangle, got ${pos.length}`);
  const triangles = pos.length / 9;
  const empty: Projected = { width, height, scale: 1, count: 0, points: new Float64Array(0), depth: new Float64Array(0), fill: new Uint32Array(0), source: new Uint32Array(0), palette: [], shadow: undefined };
  if (triangles === 0) return empty;

  const bounds = meshBounds(mesh);
  const c: Vec3 = [0, 1, 2].map((k) => (bounds.min[k]! + bounds.max[k]!) / 2) as Vec3;
  const { right: r, up: u, toward: t } = cameraFrame(azimuthDeg, elevationDeg);
  const { key, fill: fillLight } = lights(azimuthDeg);
  const size = Math.max(bounds.max[0] - bounds.min[0], bounds.max[1] - bounds.min[1], bounds.max[2] - bounds.min[2]);
  const recessScale = Math.max(size * 0.015, 1e-6);
  const frontY = frontPlane(pos, size);

  // Project every vertex onto the view plane (mm): x along right, y along up, d towards the camera.
  const proj = new Float64Array(triangles * 9);
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (let i = 0, o = 0; i < pos.length; i += 3, o += 3) {
    const px = pos[i]! - c[0];
    const py = pos[i + 1]! - c[1];
    const pz = pos[i + 2]! - c[2];
    const x = px * r[0] + py * r[1] + pz * r[2];
    const y = px * u[0] + py * u[1] + pz * u[2];
    if (!Number.isFinite(x + y)) throw new RangeError(`mesh positions must be finite numbers (vertex ${i / 3})`);
    proj[o] = x;
    proj[o + 1] = y;
    proj[o + 2] = px * t[0] + py * t[1] + pz * t[2];
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }

  // The ground shadow: the footprint's corners on the floor (Z = min), projected; an ellipse around them.
  const corners: [number, number][] = [];
  const zFloor = bounds.min[2] - c[2];
  for (const fx of [bounds.min[0], bounds.max[0]])
    for (const fy of [bounds.min[1], bounds.max[1]]) {
      const px = fx - c[0];
      const py = fy - c[1];
      corners.push([px * r[0] + py * r[1] + zFloor * r[2], px * u[0] + py * u[1] + zFloor * u[2]]);
    }
  const sx0 = Math.min(...corners.map((q) => q[0]));
  const sx1 = Math.max(...corners.map((q) => q[0]));
  const sy0 = Math.min(...corners.map((q) => q[1]));
  const sy1 = Math.max(...corners.map((q) => q[1]));
  const shadowView = {
    cx: (sx0 + sx1) / 2,
    cy: (sy0 + sy1) / 2 - (sy1 - sy0) * 0.04,
    rx: ((sx1 - sx0) / 2) * 1.12 + size * 0.04,
    ry: ((sy1 - sy0) / 2) * 1.25 + size * 0.03,
  };
  minX = Math.min(minX, shadowView.cx - shadowView.rx);
  maxX = Math.max(maxX, shadowView.cx + shadowView.rx);
  minY = Math.min(minY, shadowView.cy - shadowView.ry);

  // Fit the drawing into the free area, centred; view y goes up, image y down.
  const availW = Math.max(1, width - frame.left - frame.right);
  const availH = Math.max(1, height - frame.top - frame.bottom);
  const spanX = Math.max(maxX - minX, 1e-9);
  const spanY = Math.max(maxY - minY, 1e-9);
  const scale = Math.min(availW / spanX, availH / spanY);
  const ox = frame.left + (availW - spanX * scale) / 2 - minX * scale;
  const oy = frame.top + (availH - spanY * scale) / 2 + maxY * scale;

  const palette: string[] = [];
  const paletteIndex = new Map<number, number>();
  const shade = (nx: number, ny: number, nz: number, recess: number): number => {
    let i = AMBIENT + KEY * Math.max(0, nx * key[0] + ny * key[1] + nz * key[2]) + FILL * Math.max(0, nx * fillLight[0] + ny * fillLight[1] + nz * fillLight[2]);
    if (recess > 0) i *= 1 - RECESS_DARKEN * (1 - Math.exp(-recess / recessScale));
    i = Math.round(i * SHADE_LEVELS) / SHADE_LEVELS;
    const rgb = (Math.min(255, Math.round(base[0] * i)) << 16) | (Math.min(255, Math.round(base[1] * i)) << 8) | Math.min(255, Math.round(base[2] * i));
    let idx = paletteIndex.get(rgb);
    if (idx === undefined) {
      idx = palette.length;
      palette.push(`#${rgb.toString(16).padStart(6, '0')}`);
      paletteIndex.set(rgb, idx);
    }
    return idx;
  };

  const points = new Float64Array(6 * triangles);
  const depth = new Float64Array(3 * triangles);
  const fill = new Uint32Array(triangles);
  const source = new Uint32Array(triangles);
  let count = 0;
  for (let tri = 0; tri < triangles; tri++) {
    const o = tri * 9;
    const x0 = proj[o]!, y0 = proj[o + 1]!;
    const x1 = proj[o + 3]!, y1 = proj[o + 4]!;
    const x2 = proj[o + 6]!, y2 = proj[o + 7]!;
    // Back-face culling: counter-clockwise in the view plane (y up) faces the camera.
    const area = (x1 - x0) * (y2 - y0) - (x2 - x0) * (y1 - y0);
    if (!(area > 0)) continue;
    // The world normal, for shading.
    const ax = pos[o + 3]! - pos[o]!, ay = pos[o + 4]! - pos[o + 1]!, az = pos[o + 5]! - pos[o + 2]!;
    const bx = pos[o + 6]! - pos[o]!, by = pos[o + 7]! - pos[o + 1]!, bz = pos[o + 8]! - pos[o + 2]!;
    let nx = ay * bz - az * by, ny = az * bx - ax * bz, nz = ax * by - ay * bx;
    const nl = Math.hypot(nx, ny, nz);
    if (!(nl > 0)) continue;
    nx /= nl;
    ny /= nl;
    nz /= nl;
    // Faces looking to the front but set back from it are darkened: bays, vents and slots read as openings.
    const recess = frontY !== undefined && ny < -FLAT_FRONT ? Math.max(0, (pos[o + 1]! + pos[o + 4]! + pos[o + 7]!) / 3 - frontY) : 0;
    const f = shade(nx, ny, nz, recess);
    const po = 6 * count;
    points[po] = ox + x0 * scale;
    points[po + 1] = oy - y0 * scale;
    points[po + 2] = ox + x1 * scale;
    points[po + 3] = oy - y1 * scale;
    points[po + 4] = ox + x2 * scale;
    points[po + 5] = oy - y2 * scale;
    depth[3 * count] = proj[o + 2]!;
    depth[3 * count + 1] = proj[o + 5]!;
    depth[3 * count + 2] = proj[o + 8]!;
    fill[count] = f;
    source[count] = tri;
    count++;
  }

  return {
    width,
    height,
    scale,
    count,
    points: points.subarray(0, 6 * count),
    depth: depth.subarray(0, 3 * count),
    fill: fill.subarray(0, count),
    source: source.subarray(0, count),
    palette,
    shadow: {
      cx: ox + shadowView.cx * scale,
      cy: oy - shadowView.cy * scale,
      rx: shadowView.rx * scale,
      ry: shadowView.ry * scale,
    },
  };
}

/**
 * The scene for a painter (the SVG): the visible triangles cut into small pieces, so that a sort by
 * centroid depth stays right where a recess meets the face around it, sorted far to near.
 */
export function buildScene(mesh: Mesh, options: SceneOptions): Scene {
  const { width, height } = options;
  const maxEdge = options.maxEdgePx ?? Math.max(10, Math.min(width, height) / 45);
  const v = projectScene(mesh, options);
  const { scale } = v;
  const out = new Pieces();
  let budget = EXTRA_PIECES;
  const maxEdge2 = maxEdge * maxEdge;
  // Longest-edge bisection until every edge is short (or the budget is spent); keeps the winding.
  const emit = (x0: number, y0: number, d0: number, x1: number, y1: number, d1: number, x2: number, y2: number, d2: number, f: number, src: number): void => {
    const e01 = (x1 - x0) ** 2 + (y1 - y0) ** 2;
    const e12 = (x2 - x1) ** 2 + (y2 - y1) ** 2;
    const e20 = (x0 - x2) ** 2 + (y0 - y2) ** 2;
    const longest = Math.max(e01, e12, e20);
    if (longest <= maxEdge2 || budget <= 0) {
      out.push(x0, y0, x1, y1, x2, y2, (d0 + d1 + d2) / 3, Math.max(d0, d1, d2), f, src);
      return;
    }
    budget--;
    if (longest === e01) {
      const mx = (x0 + x1) / 2, my = (y0 + y1) / 2, md = (d0 + d1) / 2;
      emit(x0, y0, d0, mx, my, md, x2, y2, d2, f, src);
      emit(mx, my, md, x1, y1, d1, x2, y2, d2, f, src);
    } else if (longest === e12) {
      const mx = (x1 + x2) / 2, my = (y1 + y2) / 2, md = (d1 + d2) / 2;
      emit(x0, y0, d0, x1, y1, d1, mx, my, md, f, src);
      emit(x0, y0, d0, mx, my, md, x2, y2, d2, f, src);
    } else {
      const mx = (x2 + x0) / 2, my = (y2 + y0) / 2, md = (d2 + d0) / 2;
      emit(x0, y0, d0, x1, y1, d1, mx, my, md, f, src);
      emit(mx, my, md, x1, y1, d1, x2, y2, d2, f, src);
    }
  };

  for (let k = 0; k < v.count; k++) {
    const p = v.points;
    const d = v.depth;
    emit(p[6 * k]!, p[6 * k + 1]!, d[3 * k]!, p[6 * k + 2]!, p[6 * k + 3]!, d[3 * k + 1]!, p[6 * k + 4]!, p[6 * k + 5]!, d[3 * k + 2]!, v.fill[k]!, v.source[k]!);
  }

  // Painter's order: far to near by centroid depth, in slices one pixel deep; within a slice, pieces
  // of one colour go together (longer runs, fewer SVG paths and fewer seams), then by depth, by the
  // nearest vertex, and by mesh order.
  const n = out.count;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const depth = out.depth;
  const near = out.near;
  const slice = new Int32Array(n);
  for (let i = 0; i < n; i++) slice[i] = Math.floor(depth[i]! * scale);
  const fills = out.fill;
  order.sort((a, b) => slice[a]! - slice[b]! || fills[a]! - fills[b]! || depth[a]! - depth[b]! || near[a]! - near[b]! || a - b);
  const points = new Float64Array(6 * n);
  const fill = new Uint32Array(n);
  const source = new Uint32Array(n);
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    points.set(out.points.subarray(6 * i, 6 * i + 6), 6 * k);
    fill[k] = out.fill[i]!;
    source[k] = out.source[i]!;
  }
  return {
    width,
    height,
    count: n,
    points,
    fill,
    source,
    palette: v.palette,
    shadow: v.shadow,
  };
}
