/** What a replica printing run is about, shows while it runs and returns (the workflow's status query and result). */

export type ReplicaTarget = { host: string } | { rack: string };

export type ReplicaState = 'modelling' | 'slicing' | 'printing' | 'printed' | 'failed' | 'cancelled';

export interface ReplicaPart {
  host: string;
  stl: string;
  sha256: string;
  /** Printed size, mm. */
  size: [number, number, number];
  triangles: number;
}

export interface ReplicaPlate {
  index: number;
  hosts: string[];
  stl: string;
  gcode?: string;
  gcodeSha256?: string;
  layers?: number;
  /** Slicer's estimate, seconds. */
  estimatedSeconds?: number;
  /** Printing progress. */
  percent?: number;
  timeLeftS?: number;
  printState?: string;
  printedSeconds?: number;
}

export interface ReplicaStatus {
  target: ReplicaTarget;
  state: ReplicaState;
  scale?: number;
  parts: ReplicaPart[];
  plates: ReplicaPlate[];
  /** Hosts of a rack left out, with why (no chassis data). */
  skipped: string[];
  preview?: string;
  printer?: string;
  error?: string;
  startedAt: string;
  endedAt?: string;
}

