/**
 * Cleans up after a `swaybot up` that was killed without a chance to stop its
 * children (kill -9, a closed laptop lid): their pids are in `stack.json`.
 */
import { readFileSync } from 'node:fs';
import { removeDrillFile } from './drill/drill-file.js';
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
  const drill = (file.drillPids ?? []).filter((pid) => isAlive(pid) && isSimulator(commandLine(pid)));
  for (const pid of drill) await stopProcess(pid);
  if (drill.length > 0) notes.push(`stopped ${drill.length} drill simulator(s) (pids ${drill.join(', ')}) left over from a stack that did not shut down`);
  removeDrillFile(stateDir, file.pid);
  removeStackFile(stateDir);
  return notes;
}

/** True for the drill fleet's simulators, so a recycled pid is never touched. */
function isSimulator(cmdline: string | undefined): boolean {
  return cmdline !== undefined && (cmdline.includes('ipmi_sim') || cmdline.includes('sushy-emulator'));
}

/**
 * Last resort for a second Ctrl-C: SIGKILLs the server, the worker and the drill
 * simulators that the stack file of `stateDir` names (when that stack is this
 * process) and removes the file. A simulator may lead its own process group
 * (sushy-emulator does), so its group is killed too.
 */
export function killStackChildren(stateDir: string): void {
  const file = readStackFile(stateDir);
  if (!file || file.pid !== process.pid) return;
  const kill = (target: number): void => {
    try {
      process.kill(target, 'SIGKILL');
    } catch {
      // Already gone, or not a group leader.
    }
  };
  for (const pid of [file.workerPid, file.serverPid]) if (pid !== undefined) kill(pid);
  for (const pid of file.drillPids ?? []) {
    if (!isSimulator(commandLine(pid))) continue;
    kill(-pid);
    kill(pid);
  }
  removeDrillFile(stateDir, process.pid);
  removeStackFile(stateDir);
}
