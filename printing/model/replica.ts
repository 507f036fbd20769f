/**
 * The parametric replica: a scale model of a 19-inch rack server built with @jscad/modeling
 * (constructive solid geometry), as one closed, manifold solid.
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
import { meshBounds, meshFromGeom, type Geom3 } from './stl.js';

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

  const solids: Geom3[] = [];
  const cuts: Geom3[] = [];

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
      cuts.push(box([x, face - 1, z], [x + grid.cellW, face + F.bayDepth, z + grid.cellH]));
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
  let labelSolid: Geom3 | undefined;
  if (placed.fits) {
    labelSolid = labelGeom(placed.segments, placed.stroke, placed.emboss, innerMinX, H, face);
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
      cuts.push(box([x, face - 1, z0], [x + F.ventWidth, face + F.ventDepth, z0 + slotH]));
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
      cuts.push(booleans.subtract(outer, inner));
      const gw = Math.min(F.gripWidth, grid.cellW - 4 * g);
      const gh = Math.min(F.gripHeight, grid.cellH - 4 * g);
      if (gw > 0 && gh > 0) {
        const cx = x + grid.cellW / 2;
        const cz = z + grid.cellH / 2;
        cuts.push(box([cx - gw / 2, y0, cz - gh / 2], [cx + gw / 2, D + 1, cz + gh / 2]));
      }
    }
    parts.push(`psus×${spec.psus}`);
  }

  let solid = booleans.union(solids);
  if (cuts.length > 0) solid = booleans.subtract(solid, booleans.union(cuts));
  if (labelSolid) solid = booleans.union(solid, labelSolid);

  solid = transforms.scale([s, s, s], solid);
  const [min] = jscad.measurements.measureBoundingBox(solid);
  solid = transforms.translate([-min[0], -min[1], -min[2]], solid);
  const mesh = meshFromGeom(solid, { weld: true });
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

function box(min: [number, number, number], max: [number, number, number]): Geom3 {
  const size: [number, number, number] = [max[0] - min[0], max[1] - min[1], max[2] - min[2]];
  const center: [number, number, number] = [(min[0] + max[0]) / 2, (min[1] + max[1]) / 2, (min[2] + max[2]) / 2];
  return primitives.cuboid({ size, center });
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

/**
 * Strokes → one capsule per line segment (the convex hull of two octagons, extruded) → 3D union,
 * extruded toward −Y from the bezel face, left on the bezel, centred in height. Convex pieces
 * keep the union closed; expanding whole polylines in 2D gives self-touching outlines.
 */
function labelGeom(segments: Segment[], stroke: number, emboss: number, x0: number, H: number, face: number): Geom3 {
  const r = stroke / 2;
  const dot = (center: [number, number]) => primitives.circle({ radius: r, center, segments: 8 });
  const caps = [];
  let minY = Infinity;
  let maxY = -Infinity;
  for (const pts of segments) {
    for (const p of pts) {
      minY = Math.min(minY, p[1] - r);
      maxY = Math.max(maxY, p[1] + r);
    }
    const first = pts[0];
    if (pts.length === 1 && first) caps.push(dot(first));
    for (let i = 0; i + 1 < pts.length; i++) caps.push(hulls.hull(dot(pts[i]!), dot(pts[i + 1]!)));
  }
  const ov = F.overlap;
  const solids = caps.map((cap) => extrusions.extrudeLinear({ height: emboss + ov }, cap));
  let solid = solids.length === 1 ? solids[0]! : booleans.union(solids);
  // Text y → Z, extrusion (z) → −Y.
  solid = transforms.rotateX(Math.PI / 2, solid);
  return transforms.translate([x0, face + ov, (H - (maxY - minY)) / 2 - minY], solid);
}

function round(x: number, digits: number): number {
  const k = 10 ** digits;
  return Math.round(x * k) / k;
}
