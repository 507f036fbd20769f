/**
 * Packing replicas onto build plates: shelf packing, largest first. Parts keep their orientation
 * (front toward −Y); each shelf is as deep as its first (deepest) part, parts go left to right
 * with `gap` mm between them and from the bed's edges, and a new plate starts when no plate has
 * room. A part larger than the bed (or taller than its Z) is an error naming the part.
 */
import { SwaybotError } from '../../errors/index.js';
import type { BedSize, Placement, Plate } from '../types.js';

/** A part does not fit the printer's bed at all. Not retryable: a smaller scale or a larger printer is needed. */
export class PlateFitError extends SwaybotError {
  override name = 'PlateFitError';
  readonly retryable = false;
}

export interface Footprint {
  host: string;
  /** mm along X, Y and Z of the printed part. */
  width: number;
  depth: number;
  height: number;
}

interface Shelf {
  y: number;
  depth: number;
  /** Next free X. */
  x: number;
}

interface OpenPlate {
  plate: Plate;
  shelves: Shelf[];
  /** Next free Y for a new shelf. */
  y: number;
}

/** Packs the parts onto as few plates as shelf packing finds; every part lies inside the bed with `gap` mm around it. */
export function packPlates(footprints: readonly Footprint[], bed: BedSize, gap = 5): Plate[] {
  if (!(gap >= 0)) throw new RangeError(`gap ${gap}: must be ≥ 0 mm`);
  for (const f of footprints) {
    const why: string[] = [];
    if (!(f.width > 0 && f.depth > 0 && f.height > 0)) why.push(`size ${fmt(f.width)} × ${fmt(f.depth)} × ${fmt(f.height)} mm is not a solid`);
    if (f.width + 2 * gap > bed.x) why.push(`${fmt(f.width)} mm wide (+ ${gap} mm margins) > bed X ${bed.x} mm`);
    if (f.depth + 2 * gap > bed.y) why.push(`${fmt(f.depth)} mm deep (+ ${gap} mm margins) > bed Y ${bed.y} mm`);
    if (f.height > bed.z) why.push(`${fmt(f.height)} mm tall > bed Z ${bed.z} mm`);
    if (why.length > 0) {
      throw new PlateFitError(`replica of ${f.host} does not fit the ${bed.x} × ${bed.y} × ${bed.z} mm bed: ${why.join('; ')}; use a smaller scale`, {
        details: { host: f.host, width: f.width, depth: f.depth, height: f.height },
      });
    }
  }
  const order = [...footprints].sort((a, b) => b.depth - a.depth || b.width - a.width || a.host.localeCompare(b.host));
  const open: OpenPlate[] = [];
  for (const f of order) {
    let placed: Placement | undefined;
    for (const p of open) {
      placed = placeOn(p, f, bed, gap);
      if (placed) break;
    }
    if (!placed) {
      const p: OpenPlate = { plate: { index: open.length, placements: [] }, shelves: [], y: gap };
      open.push(p);
      placed = placeOn(p, f, bed, gap);
      if (!placed) throw new Error(`internal: ${f.host} fits the bed but not an empty plate`);
    }
  }
  return open.map((p) => p.plate);
}

function placeOn(p: OpenPlate, f: Footprint, bed: BedSize, gap: number): Placement | undefined {
  for (const shelf of p.shelves) {
    if (f.depth <= shelf.depth && shelf.x + f.width + gap <= bed.x) return put(p, shelf, f, gap);
  }
  if (p.y + f.depth + gap <= bed.y) {
    const shelf: Shelf = { y: p.y, depth: f.depth, x: gap };
    p.shelves.push(shelf);
    p.y += f.depth + gap;
    return put(p, shelf, f, gap);
  }
  return undefined;
}

function put(p: OpenPlate, shelf: Shelf, f: Footprint, gap: number): Placement {
  const placement: Placement = { host: f.host, x: shelf.x, y: shelf.y, width: f.width, depth: f.depth };
  shelf.x += f.width + gap;
  p.plate.placements.push(placement);
  return placement;
}

function fmt(mm: number): string {
  return String(Math.round(mm * 100) / 100);
}
