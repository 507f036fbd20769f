/**
 * The parametric replica: a scale model of a 19-inch rack server, as one closed, manifold solid.
 * The axis-aligned parts (body, bezel, ears, handles, recessed bays and vents, PSU grooves) are
 * boxes meshed directly on a grid whose lines are their faces (boxGridPolygons: no booleans); the
 * embossed label is @jscad/modeling CSG, one plug per character built once per process and set
 * into a window the grid mesh leaves open in the bezel face.
 *
 * Full-size geometry (mm), before scaling: X across the front (0 at the centre), Y from the front
 * (−Y) to the back, Z up from the bottom. The body is 434 mm wide and `units × 44.45 − 1` mm tall
 * (the 1 mm gap real servers leave between units), `depthMm` deep; the front bezel stands
 * proud of the body between two rack ears (482.6 mm across), each ear carrying a handle bump
 * (the front-most feature). Drive bays and vent slots are recessed into the bezel, PSU modules
 * are grooved outlines on the rear face, and the label is embossed on the bezel. Features that
 * must stay printable (emboss height, letter height, stroke) are sized in printed mm.
 * The result is scaled by `spec.scale` and moved so its minimum corner is the origin.
 */
import jscad from '@jscad/modeling';
import type { Bounds, Mesh, ReplicaSpec } from '../types.js';
import { meshBounds, type Geom3 } from './stl.js';
import { polygonsToMesh } from './weld.js';

const { booleans, extrusions, hulls, primitives, text, transforms } = jscad;

/** Full-size dimensions of a 19-inch rack server (EIA-310), mm. */
export const RACK = {
  /** One rack unit. */
  unit: 44.45,
  /** What a server leaves free of its units' height. */
  gap: 1,
  /** Body width between the rack rails. */
  bodyWidth: 434,
  /** Across the rack ears. */
  earsWidth: 482.6,
} as const;

/** Full-size feature sizes, mm. */
const F = {
  /** The bezel stands this far proud of the body front. */
  bezelProud: 3,
  /** The bezel is inset this much from each side of the body (a visible step to the ears). */
  bezelInset: 4,
  /** Margin inside the bezel around its features. */
  margin: 6,
  /** Gap between neighbouring features (drive bays, PSUs): 0.5 mm printed at 1:10. */
  gap: 5,
  /** Rack ear thickness (front to back). */
  earThickness: 6,
  /** Handle bump: width and share of the body height. */
  handleWidth: 14,
  handleFrom: 0.2,
  handleTo: 0.8,
  /** Handles stand at least this far in front of the body (and in front of the label). */
  handleProud: 10,
  /** Drive bay recess depth from the bezel face, and the preferred bay front (a 2.5-inch caddy standing on edge). */
  bayDepth: 6,
  bayWidth: 18,
  bayHeight: 70,
  /** Share of the bezel's width the drive bays may take. */
  bayShare: 0.62,
  /** Vent slots: width, pitch, depth, and the least room worth venting. */
  ventWidth: 4,
  ventPitch: 9,
  ventDepth: 4,
  ventMinZone: 20,
  /** PSU modules: preferred face, groove width and depth, grip slot. */
  psuWidth: 86,
  psuHeight: 40,
  psuGroove: 4,
  psuGrooveDepth: 4,
  gripWidth: 24,
  gripHeight: 8,
  /** Overlap of touching parts, so unions never rely on coplanar faces alone. */
  overlap: 0.5,
} as const;

/**
 * Vertices of the printed part closer than this (mm) are one vertex: a little coarser than
 * weld.ts's default, so that the slivers JSCAD's retessellation leaves around tiny letters (1:20)
 * never survive as degenerate triangles (the mesh checks weld at 1e-4 mm).
 */
const MESH_WELD_MM = 5e-5;

/** Label sizes, mm of the printed part (the same at every scale). */
export const LABEL = {
  /** Cap height, preferred and least legible. */
  maxLetter: 4,
  minLetter: 2.5,
  /** Stroke width (at least a 0.4 mm nozzle's line) and emboss height. */
  stroke: 0.45,
  emboss: 0.4,
  /** Free margin around the text, printed mm. */
  margin: 0.5,
} as const;

export type LabelResult =
  | { text: string; embossed: true; letterHeightMm: number; widthMm: number }
  | { text: string; embossed: false; reason: string };

export interface ReplicaModel {
  spec: ReplicaSpec;
  mesh: Mesh;
  /** Of the printed part, mm; `min` is the origin. */
  bounds: Bounds;
  /** What the model is made of, e.g. `drive-bays×8`. */
  parts: string[];
  label: LabelResult;
}

/** Full-size body height: units × 44.45 − 1 mm. */
export function bodyHeightMm(units: number): number {
  return units * RACK.unit - RACK.gap;
}

/** How far (full size) the front-most feature stands in front of the body at this scale. */
export function frontProudMm(scale: number): number {
  return Math.max(F.handleProud, F.bezelProud + LABEL.emboss / scale + 1);
}

/** The printed size [x, y, z] of a spec's replica, mm: what `buildReplica`'s bounds must measure. */
export function replicaSize(spec: Pick<ReplicaSpec, 'units' | 'depthMm' | 'scale'>): [number, number, number] {
  const s = spec.scale;
  return [RACK.earsWidth * s, (spec.depthMm + frontProudMm(s)) * s, bodyHeightMm(spec.units) * s];
}

/** Builds the replica of a spec: one closed solid, triangulated, scaled, its minimum corner at the origin. */
export function buildReplica(spec: ReplicaSpec): ReplicaModel {
  validate(spec);
  const s = spec.scale;
  const H = bodyHeightMm(spec.units);
  const D = spec.depthMm;
  const W = RACK.bodyWidth;
  const ov = F.overlap;
  const proud = frontProudMm(s);
  const parts: string[] = [];

  const solids: Box[] = [];
  const cuts: Cut[] = [];

  // Body and bezel.
  solids.push(box([-W / 2, 0, 0], [W / 2, D, H]));
  parts.push('body');
  const bezelMinX = -W / 2 + F.bezelInset;
  const bezelMaxX = W / 2 - F.bezelInset;
  const face = -F.bezelProud;
  solids.push(box([bezelMinX, face, 0], [bezelMaxX, ov, H]));
  parts.push('bezel');

  // Rack ears with handle bumps.
  const earX = RACK.earsWidth / 2;
  for (const side of [-1, 1]) {
    const inner = W / 2 - ov;
    solids.push(side > 0 ? box([inner, 0, 0], [earX, F.earThickness, H]) : box([-earX, 0, 0], [-inner, F.earThickness, H]));
    const cx = side * (W / 2 + earX) / 2;
    solids.push(box([cx - F.handleWidth / 2, -proud, H * F.handleFrom], [cx + F.handleWidth / 2, F.earThickness / 2, H * F.handleTo]));
  }
  parts.push('rack-ears×2', 'handles×2');

  // Drive bays on the right of the bezel.
  const innerMinX = bezelMinX + F.margin;
  const innerMaxX = bezelMaxX - F.margin;
  const innerH = H - 2 * F.margin;
  let featuresMinX = innerMaxX + F.gap; // the left edge of what sits right of the label
  if (spec.driveBays > 0) {
    // The bays take up to their share of the bezel, less where the label (at its least legible
    // size) and a vent grille need the room and the bays can give it without shrinking below
    // 30 % of a real bay; the vents give way first.
    const innerW = innerMaxX - innerMinX;
    let grid = gridLayout(spec.driveBays, innerW * F.bayShare, innerH, F.bayWidth, F.bayHeight, F.gap);
    const need = labelMinWidth(spec.label, s, H);
    const blockOf = (g: Grid): number => g.cols * g.cellW + (g.cols - 1) * F.gap;
    if (need !== undefined && innerW - blockOf(grid) - F.gap < need + F.ventMinZone + 2 * F.gap) {
      for (const reserve of [F.ventMinZone + 2 * F.gap, 0]) {
        const zoneW = innerW - need - F.gap - reserve - 1e-6;
        const squeezed = zoneW > 0 ? tryGridLayout(spec.driveBays, zoneW, innerH, F.bayWidth, F.bayHeight, F.gap) : undefined;
        if (squeezed && squeezed.k >= 0.3) {
          if (blockOf(squeezed) < blockOf(grid)) grid = squeezed;
          break;
        }
      }
    }
    const blockW = grid.cols * grid.cellW + (grid.cols - 1) * F.gap;
    const blockH = grid.rows * grid.cellH + (grid.rows - 1) * F.gap;
    const x0 = innerMaxX - blockW;
    const z0 = (H - blockH) / 2;
    for (let i = 0; i < spec.driveBays; i++) {
      const col = i % grid.cols;
      const row = Math.floor(i / grid.cols);
      const x = x0 + col * (grid.cellW + F.gap);
      const z = z0 + (grid.rows - 1 - row) * (grid.cellH + F.gap);
      cuts.push({ box: box([x, face - 1, z], [x + grid.cellW, face + F.bayDepth, z + grid.cellH]) });
    }
    featuresMinX = x0;
    parts.push(`drive-bays×${spec.driveBays}`);
  }

  // The label, left on the bezel, if it fits.
  // Leave room for a vent grille where the label can do without it.
  const labelRoomAll = featuresMinX - F.gap - innerMinX;
  const ventReserve = F.ventMinZone + 2 * F.gap;
  const labelNeed = labelMinWidth(spec.label, s, H);
  const labelRoomW = labelNeed !== undefined && labelRoomAll - ventReserve >= labelNeed ? labelRoomAll - ventReserve : labelRoomAll;
  const placed = placeLabel(spec.label, s, labelRoomW, H);
  let label: LabelResult;
  let ventMinX = innerMinX;
  let labelPlug: Plug | undefined;
  if (placed.fits) {
    labelPlug = labelPlugOf(spec.label, placed, innerMinX, H, face, s);
    label = { text: spec.label, embossed: true, letterHeightMm: round(placed.letter * s, 3), widthMm: round(placed.width * s, 3) };
    ventMinX = innerMinX + placed.width + F.gap * 2;
    parts.push('label');
  } else {
    label = { text: spec.label, embossed: false, reason: placed.reason };
  }

  // Vent slots between the label and the drive bays.
  const ventMaxX = featuresMinX - F.gap;
  if (ventMaxX - ventMinX >= F.ventMinZone - 1e-6) {
    const count = Math.floor((ventMaxX - ventMinX - F.ventWidth) / F.ventPitch) + 1;
    const used = (count - 1) * F.ventPitch + F.ventWidth;
    const start = ventMinX + (ventMaxX - ventMinX - used) / 2;
    const slotH = Math.min(innerH, H * 0.6);
    const z0 = (H - slotH) / 2;
    for (let i = 0; i < count; i++) {
      const x = start + i * F.ventPitch;
      cuts.push({ box: box([x, face - 1, z0], [x + F.ventWidth, face + F.ventDepth, z0 + slotH]) });
    }
    parts.push(`vents×${count}`);
  }

  // PSU modules on the rear face, from the right (seen from the back: the left).
  if (spec.psus > 0) {
    const rearMinX = -W / 2 + F.margin;
    const rearMaxX = W / 2 - F.margin;
    const grid = gridLayout(spec.psus, rearMaxX - rearMinX, H - 2 * 3, F.psuWidth, F.psuHeight, F.gap);
    const blockH = grid.rows * grid.cellH + (grid.rows - 1) * F.gap;
    const z0 = (H - blockH) / 2;
    const g = F.psuGroove;
    for (let i = 0; i < spec.psus; i++) {
      const col = i % grid.cols;
      const row = Math.floor(i / grid.cols);
      const x = rearMinX + col * (grid.cellW + F.gap);
      const z = z0 + row * (grid.cellH + F.gap);
      const y0 = D - F.psuGrooveDepth;
      const outer = box([x, y0, z], [x + grid.cellW, D + 1, z + grid.cellH]);
      const inner = box([x + g, y0 - 1, z + g], [x + grid.cellW - g, D + 2, z + grid.cellH - g]);
      cuts.push({ box: outer, minus: inner });
      const gw = Math.min(F.gripWidth, grid.cellW - 4 * g);
      const gh = Math.min(F.gripHeight, grid.cellH - 4 * g);
      if (gw > 0 && gh > 0) {
        const cx = x + grid.cellW / 2;
        const cz = z + grid.cellH / 2;
        cuts.push({ box: box([cx - gw / 2, y0, cz - gh / 2], [cx + gw / 2, D + 1, cz + gh / 2]) });
      }
    }
    parts.push(`psus×${spec.psus}`);
  }

  // The axis-aligned parts as a direct mesh (closed by construction), the label's plug set into
  // the bezel face where the mesh leaves its window open.
  const polygons = boxGridPolygons(solids, cuts, labelPlug?.window);
  if (labelPlug) polygons.push(...labelPlug.polygons);
  const min = [Infinity, Infinity, Infinity];
  for (const poly of polygons) for (const v of poly) for (let a = 0; a < 3; a++) if (v[a]! < min[a]!) min[a] = v[a]!;
  // Scale first, then move the minimum corner to the origin.
  const mesh = polygonsToMesh(polygons.map((poly) => poly.map((v): V3 => [v[0] * s - min[0]! * s, v[1] * s - min[1]! * s, v[2] * s - min[2]! * s])), MESH_WELD_MM);
  return { spec, mesh, bounds: meshBounds(mesh), parts, label };
}

function validate(spec: ReplicaSpec): void {
  const bad = (field: string, why: string): never => {
    throw new RangeError(`replica of ${spec.host}: ${field} ${why}`);
  };
  if (!Number.isInteger(spec.units) || spec.units < 1) bad('units', `${spec.units} must be a whole number ≥ 1`);
  if (!(spec.depthMm > 0) || !Number.isFinite(spec.depthMm)) bad('depthMm', `${spec.depthMm} must be positive`);
  if (!Number.isInteger(spec.driveBays) || spec.driveBays < 0) bad('driveBays', `${spec.driveBays} must be a whole number ≥ 0`);
  if (!Number.isInteger(spec.psus) || spec.psus < 0) bad('psus', `${spec.psus} must be a whole number ≥ 0`);
  if (!(spec.scale > 0 && spec.scale <= 1)) bad('scale', `${spec.scale} must be in (0, 1]`);
}

type V3 = [number, number, number];
interface Box {
  min: V3;
  max: V3;
}
/** A recess: `box`, less `minus` where given (a groove outline). */
interface Cut {
  box: Box;
  minus?: Box;
}

function box(min: V3, max: V3): Box {
  return { min, max };
}

function cuboid(b: Box): Geom3 {
  const size: V3 = [b.max[0] - b.min[0], b.max[1] - b.min[1], b.max[2] - b.min[2]];
  const center: V3 = [(b.min[0] + b.max[0]) / 2, (b.min[1] + b.max[1]) / 2, (b.min[2] + b.max[2]) / 2];
  return primitives.cuboid({ size, center });
}

/** A rectangle of the plane y = `y` (x0..x1 × z0..z1) the box mesh leaves open, facing −Y. */
interface Window {
  y: number;
  x0: number;
  x1: number;
  z0: number;
  z1: number;
}

/** Sorted coordinates with near-equal ones (1e-7 mm) merged. */
function gridLines(values: number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const out: number[] = [];
  for (const v of sorted) if (out.length === 0 || v - out[out.length - 1]! > 1e-7) out.push(v);
  return out;
}

function lineIndex(lines: number[], v: number): number {
  let lo = 0;
  let hi = lines.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (lines[mid]! < v - 1e-7) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The union of `solids` less the union of `cuts`, as the boundary of a box grid: the grid's
 * lines are every box's faces, a cell is solid where a solid covers it and no cut does, and every
 * face between a solid and an empty cell is emitted, coplanar neighbours merged into rectangles
 * (counter-clockwise seen from outside). Closed and outward-facing by construction; the
 * T-junctions merging leaves are repaired by polygonsToMesh. `window` is left open.
 */
function boxGridPolygons(solids: Box[], cuts: Cut[], window: Window | undefined): V3[][] {
  const all = [...solids, ...cuts.map((c) => c.box), ...cuts.flatMap((c) => (c.minus ? [c.minus] : []))];
  const lines = [0, 1, 2].map((a) => {
    const values = all.flatMap((b) => [b.min[a]!, b.max[a]!]);
    if (window) values.push(...(a === 0 ? [window.x0, window.x1] : a === 1 ? [window.y] : [window.z0, window.z1]));
    return gridLines(values);
  });
  const n = lines.map((l) => l.length - 1) as V3;
  const at = (i: number, j: number, k: number) => (i * n[1] + j) * n[2] + k;
  const cells = new Uint8Array(n[0] * n[1] * n[2]);
  const range = (b: Box): [[number, number], [number, number], [number, number]] => {
    const r = (a: number): [number, number] => [lineIndex(lines[a]!, b.min[a]!), lineIndex(lines[a]!, b.max[a]!)];
    return [r(0), r(1), r(2)];
  };
  for (const b of solids) {
    const [[i0, i1], [j0, j1], [k0, k1]] = range(b);
    for (let i = i0; i < i1; i++) for (let j = j0; j < j1; j++) for (let k = k0; k < k1; k++) cells[at(i, j, k)] = 1;
  }
  for (const c of cuts) {
    const [[i0, i1], [j0, j1], [k0, k1]] = range(c.box);
    const m = c.minus ? range(c.minus) : undefined;
    for (let i = i0; i < i1; i++) {
      for (let j = j0; j < j1; j++) {
        for (let k = k0; k < k1; k++) {
          if (m && i >= m[0][0] && i < m[0][1] && j >= m[1][0] && j < m[1][1] && k >= m[2][0] && k < m[2][1]) continue;
          cells[at(i, j, k)] = 0;
        }
      }
    }
  }
  const w = window
    ? { y: lineIndex(lines[1]!, window.y), x0: lineIndex(lines[0]!, window.x0), x1: lineIndex(lines[0]!, window.x1), z0: lineIndex(lines[2]!, window.z0), z1: lineIndex(lines[2]!, window.z1) }
    : undefined;
  const polygons: V3[][] = [];
  const c: V3 = [0, 0, 0];
  const midY = (lines[1]![0]! + lines[1]![n[1]]!) / 2;
  const maxCells = Math.max(n[0] * n[1], n[1] * n[2], n[0] * n[2]);
  const mask = new Int8Array(maxCells);
  const used = new Uint8Array(maxCells);
  const filled = (): number => (c[0] < 0 || c[1] < 0 || c[2] < 0 || c[0] >= n[0] || c[1] >= n[1] || c[2] >= n[2] ? 0 : cells[at(c[0], c[1], c[2])]!);
  for (let a = 0; a < 3; a++) {
    for (let p = 0; p <= n[a]!; p++) {
      // Merged strips run along x on the top, bottom and back, along y on the sides and up the
      // front (its bays and vents stand in columns): the choice (measured) that puts the fewest
      // vertices of one face on another's edge, which triangulate into fans of slivers (slow to
      // preview, and pieces the painter's sort gets wrong).
      const v = a === 0 ? 1 : a === 1 && lines[1]![p]! < midY ? 2 : 0;
      const u = 3 - a - v;
      const cyclic = (a + 1) % 3 === u;
      const nu = n[u]!;
      const nv = n[v]!;
      let any = false;
      for (let iu = 0; iu < nu; iu++) {
        for (let iv = 0; iv < nv; iv++) {
          c[u] = iu;
          c[v] = iv;
          c[a] = p - 1;
          const below = filled();
          c[a] = p;
          const above = filled();
          let f = below === above ? 0 : below ? 1 : -1;
          if (f === -1 && w && a === 1 && p === w.y) {
            if (c[2] >= w.z0 && c[2] < w.z1 && c[0] >= w.x0 && c[0] < w.x1) f = 0;
          }
          mask[iu * nv + iv] = f;
          if (f !== 0) any = true;
        }
      }
      if (!any) continue;
      const coord = lines[a]![p]!;
      used.fill(0, 0, nu * nv);
      for (let iu = 0; iu < nu; iu++) {
        for (let iv = 0; iv < nv; iv++) {
          const f = mask[iu * nv + iv]!;
          if (f === 0 || used[iu * nv + iv]) continue;
          // A maximal run along v, grown along u over rows whose maximal run is the same: strips
          // rather than greedy rectangles, so that few vertices of one face land on another's edge
          // (T-junctions, which the triangulation must fan around).
          let ev = iv + 1;
          while (ev < nv && mask[iu * nv + ev] === f) ev++;
          let eu = iu + 1;
          grow: while (eu < nu) {
            const row = eu * nv;
            if ((iv > 0 && mask[row + iv - 1] === f) || (ev < nv && mask[row + ev] === f)) break;
            for (let t = iv; t < ev; t++) if (mask[row + t] !== f) break grow;
            eu++;
          }
          for (let s = iu; s < eu; s++) used.fill(1, s * nv + iv, s * nv + ev);
          const corner = (su: number, sv: number): V3 => {
            const q: V3 = [0, 0, 0];
            q[a] = coord;
            q[u] = lines[u]![su]!;
            q[v] = lines[v]![sv]!;
            return q;
          };
          const quad = [corner(iu, iv), corner(eu, iv), corner(eu, ev), corner(iu, ev)];
          polygons.push(f > 0 === cyclic ? quad : quad.reverse());
        }
      }
    }
  }
  return polygons;
}

export interface Grid {
  rows: number;
  cols: number;
  cellW: number;
  cellH: number;
  /** The cells' size as a share of the preferred size (≤ 1). */
  k: number;
}

/** n cells of a preferred size in a w × h area: the row count that keeps the cells largest (never above the preferred size). */
export function gridLayout(n: number, w: number, h: number, prefW: number, prefH: number, gap: number): Grid {
  const grid = tryGridLayout(n, w, h, prefW, prefH, gap);
  if (!grid) throw new RangeError(`cannot lay out ${n} features in ${w.toFixed(1)} × ${h.toFixed(1)} mm`);
  return grid;
}

function tryGridLayout(n: number, w: number, h: number, prefW: number, prefH: number, gap: number): Grid | undefined {
  let best: Grid | undefined;
  for (let rows = 1; rows <= n; rows++) {
    const cols = Math.ceil(n / rows);
    const maxW = (w - (cols - 1) * gap) / cols;
    const maxH = (h - (rows - 1) * gap) / rows;
    if (maxW <= 0 || maxH <= 0) break;
    const k = Math.min(1, maxW / prefW, maxH / prefH);
    // Fill the height where it is free, keep the preferred width (a bay is a slot, not a square).
    const cellW = prefW * k;
    const cellH = Math.min(maxH, prefH * Math.max(k, Math.min(1, maxH / prefH)));
    if (!best || k > best.k + 1e-9) best = { rows, cols, cellW, cellH, k };
  }
  return best;
}

type Segment = [number, number][];

type Placed =
  | { fits: true; segments: Segment[]; letter: number; stroke: number; emboss: number; width: number }
  | { fits: false; reason: string };

/**
 * The label's strokes at the largest letter height (printed LABEL.minLetter … maxLetter) that fits
 * the bezel's height and the room left of the drive bays; full-size units, origin at the text's
 * lower-left stroke edge.
 */
function placeLabel(label: string, s: number, roomW: number, H: number): Placed {
  const stroke = LABEL.stroke / s;
  const margin = LABEL.margin / s;
  const unit = textSegments(label, 1);
  const cap = capHeight();
  if (unit.segments.length === 0) return { fits: false, reason: `label "${label}" has no printable characters` };
  const fitsH = (H - 2 * margin - stroke) / (unit.height / cap); // the cap height whose text box fits the bezel
  const fitsW = (roomW - stroke) / (unit.width / cap);
  const letter = Math.min(LABEL.maxLetter / s, fitsH, fitsW);
  if (letter < LABEL.minLetter / s) {
    const needH = (LABEL.minLetter / s) * (unit.height / cap) + 2 * margin + stroke;
    const needW = (LABEL.minLetter / s) * (unit.width / cap) + stroke;
    const why =
      fitsH < LABEL.minLetter / s
        ? `the bezel is ${round(H * s, 2)} mm tall, ${round(needH * s, 2)} mm needed`
        : `it needs ${round(needW * s, 2)} mm, the bezel has ${round(Math.max(0, roomW) * s, 2)} mm beside the other features`;
    return { fits: false, reason: `label "${label}" not embossed: at ${LABEL.minLetter} mm letters (the least legible) ${why}` };
  }
  const k = letter / cap;
  const segments = unit.segments.map((seg) => seg.map(([x, y]): [number, number] => [(x - unit.minX) * k + stroke / 2, (y - unit.minY) * k + stroke / 2]));
  return { fits: true, segments, letter, stroke, emboss: LABEL.emboss / s, width: unit.width * k + stroke };
}

/** Full-size width the label needs at the least legible letter height, or undefined when it cannot fit the bezel's height at all. */
function labelMinWidth(label: string, s: number, H: number): number | undefined {
  const placed = placeLabel(label, s, Infinity, H);
  if (!placed.fits) return undefined;
  const k = LABEL.minLetter / s / placed.letter;
  const stroke = LABEL.stroke / s;
  return (placed.width - stroke) * k + stroke;
}

let capCache: number | undefined;
function capHeight(): number {
  capCache ??= textSegments('H', 1).height;
  return capCache;
}

function textSegments(label: string, height: number): { segments: Segment[]; minX: number; minY: number; width: number; height: number } {
  const raw = text.vectorText({ height }, label) as unknown as Segment[];
  const segments: Segment[] = [];
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const seg of raw) {
    const pts: Segment = [];
    for (const p of seg) {
      const last = pts[pts.length - 1];
      if (last && Math.hypot(last[0] - p[0], last[1] - p[1]) < 1e-9) continue;
      pts.push([p[0], p[1]]);
      minX = Math.min(minX, p[0]);
      minY = Math.min(minY, p[1]);
      maxX = Math.max(maxX, p[0]);
      maxY = Math.max(maxY, p[1]);
    }
    if (pts.length > 0) segments.push(pts);
  }
  return { segments, minX, minY, width: maxX - minX, height: maxY - minY };
}

/** The label as a plug for the box mesh's window in the bezel face: the letters and the window's face around them. */
interface Plug {
  window: Window;
  polygons: V3[][];
}

/** One character's plug, by character, size and cell: its polygons in front of the face (y ≤ 0), at the character's origin. Built once per process. */
const cellCache = new Map<string, V3[][]>();

/** Capsules along strokes (the convex hull of two octagons, extruded `depth` toward −Y from y = 0, text y → Z), unioned; null without strokes. */
function strokesSolid(segments: Segment[], stroke: number, depth: number): Geom3 | null {
  const r = stroke / 2;
  const dot = (center: [number, number]) => primitives.circle({ radius: r, center, segments: 8 });
  const caps = [];
  for (const pts of segments) {
    const first = pts[0];
    if (pts.length === 1 && first) caps.push(dot(first));
    for (let i = 0; i + 1 < pts.length; i++) caps.push(hulls.hull(dot(pts[i]!), dot(pts[i + 1]!)));
  }
  if (caps.length === 0) return null;
  const solids = caps.map((cap) => extrusions.extrudeLinear({ height: depth }, cap));
  return transforms.rotateX(Math.PI / 2, solids.length === 1 ? solids[0]! : booleans.union(solids));
}

/** A character's strokes at its own origin, text units × k, consecutive repeats dropped (as textSegments does). */
function charSegments(ch: string, k: number): Segment[] {
  const out: Segment[] = [];
  for (const seg of text.vectorChar({ height: 1 }, ch).segments as unknown as Segment[]) {
    const pts: Segment = [];
    for (const p of seg) {
      const last = pts[pts.length - 1];
      if (last && Math.hypot(last[0] - p[0] * k, last[1] - p[1] * k) < 1e-9 * k) continue;
      pts.push([p[0] * k, p[1] * k]);
    }
    if (pts.length > 0) out.push(pts);
  }
  return out;
}

/** The polygons of a plug (slab ∪ letters) that lie in front of the face plane y = `face`. */
function plugFront(slab: Box, letters: Geom3 | null, face: number): V3[][] {
  const plug = letters ? booleans.union(cuboid(slab), letters) : cuboid(slab);
  const polygons: V3[][] = [];
  for (const poly of jscad.geometries.geom3.toPolygons(plug)) {
    if (poly.vertices.every((v) => v[1] <= face + 1e-6)) polygons.push(poly.vertices.map((v): V3 => [v[0], v[1], v[2]]));
  }
  return polygons;
}

/**
 * The label left on the bezel at x0, centred in height: letters from the bezel face (y = face)
 * out by the emboss, set into a slab (the window, a little larger than the text) whose front
 * face is the bezel face around them. Only what lies in front of the face is kept: the slab's
 * back and sides are inside the box mesh, which leaves the window open.
 *
 * The window is cut into one cell per character at the advances (vectorText's layout), and each
 * character's plug (slab cell ∪ its letter) is built once per process and moved into place: the
 * booleans run once per character and size, not once per label. Where a letter reaches past its
 * cell (or the label has line breaks) the label is built whole.
 */
function labelPlugOf(label: string, placed: Extract<Placed, { fits: true }>, x0: number, H: number, face: number, s: number): Plug {
  const { stroke, emboss, width } = placed;
  const r = stroke / 2;
  const ov = F.overlap;
  const unit = textSegments(label, 1);
  const k = placed.letter / capHeight();
  const textH = unit.height * k + stroke;
  const zb = (H - textH) / 2;
  const mx = F.gap / 2;
  const mz = Math.min(LABEL.margin / s / 2, zb / 2);
  const window: Window = { y: face, x0: x0 - mx, x1: x0 + width + mx, z0: zb - mz, z1: zb + textH + mz };
  const input = label || '?'; // vectorText's default text
  const oz = zb - unit.minY * k + r; // the characters' origin, Z
  const ox = (cx: number) => x0 + (cx - unit.minX) * k + r;
  if (!input.includes('\n')) {
    // Characters and their origins; letters drawn at k to 9 digits (float noise of the fit apart), so that labels of one size share them.
    const kq = Number(k.toPrecision(9));
    const chars: { ch: string; origin: number; segments: Segment[] }[] = [];
    let cx = 0;
    for (let i = 0; i < input.length; i++) {
      const ch = input[i]!;
      const advance = text.vectorChar({ height: 1 }, ch).width;
      chars.push({ ch, origin: ox(cx), segments: ch === ' ' ? [] : charSegments(ch, kq) });
      cx += advance;
    }
    // Cells from each origin to the next (the first from the window's start, the last to its
    // end), or midway between two letters where one reaches past the origin between them.
    const eps = r * 0.05;
    const inkMin = chars.map((c) => Math.min(Infinity, ...c.segments.flatMap((seg) => seg.map(([x]) => c.origin + x - r))));
    const inkMax = chars.map((c) => Math.max(-Infinity, ...c.segments.flatMap((seg) => seg.map(([x]) => c.origin + x + r))));
    const bounds = chars.map((c, i) => {
      if (i === 0) return window.x0;
      const before = Math.max(-Infinity, ...inkMax.slice(0, i));
      const after = Math.min(Infinity, ...inkMin.slice(i));
      return before < c.origin - eps && after > c.origin + eps ? c.origin : (before + after) / 2;
    });
    bounds.push(window.x1);
    const fits = chars.every(
      (c, i) => bounds[i + 1]! > bounds[i]! + eps && c.segments.every((seg) => seg.every(([x]) => c.origin + x - r > bounds[i]! + eps && c.origin + x + r < bounds[i + 1]! - eps)),
    );
    if (fits) {
      // Cells are keyed (and built) at 1e-6 mm, then snapped onto the exact boundaries.
      const q = (v: number) => Math.round(v * 1e6) / 1e6;
      const z0 = q(window.z0 - oz);
      const z1 = q(window.z1 - oz);
      const polygons: V3[][] = [];
      chars.forEach((c, i) => {
        const left = q(bounds[i]! - c.origin);
        const right = q(bounds[i + 1]! - c.origin);
        const key = [c.ch, kq, stroke, emboss, left, right, z0, z1].join('|');
        let local = cellCache.get(key);
        if (!local) {
          const letter = strokesSolid(c.segments, stroke, emboss + ov);
          local = plugFront(box([left, 0, z0], [right, 2 * ov, z1]), letter && transforms.translate([0, ov, 0], letter), 0);
          cellCache.set(key, local);
        }
        // Moved into place, the cell's edges snapped onto the exact boundaries: neighbours' edge
        // vertices must be exactly collinear, or triangulating around them leaves slivers.
        const b0 = bounds[i]!;
        const b1 = bounds[i + 1]!;
        const snap = (v: number, a: number, b: number) => (Math.abs(v - a) < 1e-5 ? a : Math.abs(v - b) < 1e-5 ? b : v);
        for (const poly of local) polygons.push(poly.map((v): V3 => [snap(v[0] + c.origin, b0, b1), v[1] + face, snap(v[2] + oz, window.z0, window.z1)]));
      });
      return { window, polygons };
    }
  }
  const letters = strokesSolid(placed.segments, stroke, emboss + ov);
  const polygons = plugFront(box([window.x0, face, window.z0], [window.x1, face + 2 * ov, window.z1]), letters && transforms.translate([x0, face + ov, zb], letters), face);
  return { window, polygons };
}

function round(x: number, digits: number): number {
  const k = 10 ** digits;
  return Math.round(x * k) / k;
}
