/**
 * The replica printing contract shared by the model, the checks, the preview, the slicer and the
 * printer client. Lengths are millimetres of the printed part (already scaled), Z up, the part
 * resting on Z = 0. Domain code: no Temporal import.
 */

/** A triangle mesh: 9 floats per triangle (three vertices, counter-clockwise seen from outside). */
export interface Mesh {
  positions: Float32Array;
}

/** What a replica is built from: the inventory (and FRU data where the host answers). */
export interface ReplicaSpec {
  host: string;
  vendor: string;
  model: string;
  /** Height in rack units (1U = 44.45 mm full size). */
  units: number;
  /** Body depth, mm full size. */
  depthMm: number;
  driveBays: number;
  psus: number;
  /** Embossed on the bezel. */
  label: string;
  /** Serial number from FRU/Redfish where known (shown in the preview caption, not embossed). */
  serial?: string;
  /** Model scale: 0.1 for 1:10. */
  scale: number;
}

/** Axis-aligned bounds of a mesh, mm. */
export interface Bounds {
  min: [number, number, number];
  max: [number, number, number];
}

/** One part placed on a build plate (translation in mm of its minimum corner). */
export interface Placement {
  host: string;
  x: number;
  y: number;
  /** Footprint on the plate, mm. */
  width: number;
  depth: number;
}

export interface Plate {
  index: number;
  placements: Placement[];
}

/** The printer's build volume, mm. */
export interface BedSize {
  x: number;
  y: number;
  z: number;
}
