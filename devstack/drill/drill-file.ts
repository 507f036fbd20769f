/**
 * `<stateDir>/drill.json`: the running drill fleet and the passwords its simulators accept.
 * `swaybot up` and `swaybot drill up` write it, so CLI commands that talk to BMCs directly
 * (`hardware status`) get the drill passwords exactly when the fleet they query is that drill,
 * and from nowhere else. The passwords are the public drill-only ones (or the user's own
 * `SWAYBOT_DRILL_*` values); the file is still written owner-only.
 */
import { readFileSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isAlive } from '../stack-file.js';

/** What a running drill records. */
export interface DrillFile {
  /** The process that runs the simulators (`swaybot up` or `swaybot drill up`). */
  pid: number;
  /** Absolute path of the inventory the fleet simulates. */
  inventory: string;
  /** Credential variables of that inventory and the values the simulators accept. */
  credentials: Record<string, string>;
}

export function drillFilePath(stateDir: string): string {
  return join(stateDir, 'drill.json');
}

export function writeDrillFile(stateDir: string, file: DrillFile): void {
  mkdirSync(stateDir, { recursive: true });
  writeFileSync(drillFilePath(stateDir), JSON.stringify(file, null, 2) + '\n', { mode: 0o600 });
}

/** Removes the file when `pid` wrote it, so one drill's stop never erases another's record. */
export function removeDrillFile(stateDir: string, pid: number): void {
  if (readDrillFile(stateDir)?.pid === pid) rmSync(drillFilePath(stateDir), { force: true });
}

/** The drill file, or undefined when absent or unreadable. */
export function readDrillFile(stateDir: string): DrillFile | undefined {
  try {
    const value = JSON.parse(readFileSync(drillFilePath(stateDir), 'utf8')) as Partial<DrillFile>;
    if (typeof value.pid !== 'number' || typeof value.inventory !== 'string' || typeof value.credentials !== 'object' || value.credentials === null) return undefined;
    return value as DrillFile;
  } catch {
    return undefined;
  }
}

/**
 * The drill passwords for `inventoryPath`: set only while a drill of that same inventory runs
 * on `stateDir`; undefined for any other inventory, or when its process is gone.
 */
export function drillCredentialsFor(stateDir: string, inventoryPath: string): Readonly<Record<string, string>> | undefined {
  const file = readDrillFile(stateDir);
  if (!file || file.inventory !== resolve(inventoryPath) || !isAlive(file.pid)) return undefined;
  return file.credentials;
}
