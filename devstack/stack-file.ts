/**
 * `<stateDir>/stack.json`: what a running `swaybot up` is, so a second `up` on the
 * same state folder refuses to share the SQLite file, leftovers of a killed stack
 * can be cleaned up, and CLI commands find the stack's address and Web UI.
 */
import { readFileSync, writeFileSync, rmSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export interface StackFile {
  /** The `swaybot up` process. */
  pid: number;
  /** The Temporal dev server it started, if it started one. */
  serverPid?: number;
  /** The worker process it supervises (updated on restarts). */
  workerPid?: number;
  /** The drill fleet's simulated BMCs (`ipmi_sim`, `sushy-emulator`), when it started one. */
  drillPids?: number[];
  address: string;
  namespace: string;
  uiUrl?: string;
  /** The demo run's workflow id, when started with --demo. */
  demoWorkflowId?: string;
  /** The worker's alert receiver (`swaybot alert fire` posts there). */
  alertsUrl?: string;
  /** The worker's telemetry daemon: StatsD address and /metrics URL (for `swaybot telemetry replay`). */
  telemetry?: { udp: string; metrics: string };
  startedAt: string;
}

export function stackFilePath(stateDir: string): string {
  return join(stateDir, 'stack.json');
}

/** The stack file, or undefined when absent or unreadable (a torn write counts as absent). */
export function readStackFile(stateDir: string): StackFile | undefined {
  try {
    const value = JSON.parse(readFileSync(stackFilePath(stateDir), 'utf8')) as Partial<StackFile>;
    if (typeof value.pid !== 'number' || typeof value.address !== 'string') return undefined;
    return value as StackFile;
  } catch {
    return undefined;
  }
}

export function writeStackFile(stateDir: string, file: StackFile): void {
  mkdirSync(stateDir, { recursive: true });
  writeFileSync(stackFilePath(stateDir), JSON.stringify(file, null, 2) + '\n');
}

export function removeStackFile(stateDir: string): void {
  rmSync(stackFilePath(stateDir), { force: true });
}

/** True when a process with this id exists (signal 0 probes without touching it). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The running stack on this state folder, or undefined when none is alive. */
export function runningStack(stateDir: string): StackFile | undefined {
  const file = readStackFile(stateDir);
  return file && isAlive(file.pid) ? file : undefined;
}
