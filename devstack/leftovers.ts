/**
 * Cleans up after a `swaybot up` that was killed without a chance to stop its
 * children (kill -9, a closed laptop lid): their pids are in `stack.json`.
 */
import { readFileSync } from 'node:fs';
import { isAlive, readStackFile, removeStackFile } from './stack-file.js';

/** The process's command line, or undefined where /proc is not available. */
function commandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return undefined;
  }
}

async function stopProcess(pid: number): Promise<void> {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
}

/**
 * When the stack file names a dead stack, stops its server and worker if they
 * still run (checked by command line, so a recycled pid is never touched) and
 * removes the file. Returns one note per process stopped.
 */
export async function cleanLeftovers(stateDir: string): Promise<string[]> {
  const file = readStackFile(stateDir);
  if (!file || isAlive(file.pid)) return [];
  const notes: string[] = [];
  const candidates: [number | undefined, string, string][] = [
    [file.workerPid, 'workers/main.ts', 'worker'],
    [file.serverPid, 'start-dev', 'Temporal dev server'],
  ];
  for (const [pid, marker, what] of candidates) {
    if (pid === undefined || !isAlive(pid)) continue;
    if (!commandLine(pid)?.includes(marker)) continue;
    await stopProcess(pid);
    notes.push(`stopped a ${what} (pid ${pid}) left over from a stack that did not shut down`);
  }
  removeStackFile(stateDir);
  return notes;
}

/**
 * Last resort for a second Ctrl-C: SIGKILLs the server and worker that the stack
 * file of `stateDir` names (when that stack is this process) and removes the file.
 */
export function killStackChildren(stateDir: string): void {
  const file = readStackFile(stateDir);
  if (!file || file.pid !== process.pid) return;
  for (const pid of [file.workerPid, file.serverPid]) {
    if (pid === undefined) continue;
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  removeStackFile(stateDir);
}
