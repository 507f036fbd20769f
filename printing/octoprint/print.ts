/**
 * Prints one G-code file on OctoPrint and waits for the outcome: upload (selected and started
 * in the same request), then poll the job until it is done, reporting progress on the way.
 * Aborting the signal cancels the print and waits until OctoPrint shows it cancelled.
 */
import type { OctoPrintClient, OctoPrintJob } from './client.js';
import { OctoPrintError } from './errors.js';

export interface PrintProgress {
  /** Percent done, 0–100, as OctoPrint reports it. */
  percent: number;
  /** OctoPrint's estimate of the seconds left, when it has one. */
  timeLeftS: number | null;
  /** OctoPrint's state text, e.g. `Printing`. */
  state: string;
}

export interface PrintAndWaitOptions {
  /** The file name in OctoPrint's local storage, e.g. `drill-web-01.gcode`. */
  name: string;
  /** The G-code, or the path of a G-code file. */
  gcode: Buffer | string;
  /** How often to ask for the job's progress (default 1000 ms). */
  pollMs?: number;
  /** Aborting it cancels the print; the result is then `cancelled` (or `completed` if it won the race). */
  signal?: AbortSignal;
  /** Called each time the progress, the time left or the state changes while printing, and once at 100 %. */
  onProgress?: (progress: PrintProgress) => void;
  /** How long the print may take to show up as started (default 30 s). */
  startTimeoutMs?: number;
  /** How long a cancel may take to show (default 60 s). */
  cancelTimeoutMs?: number;
  /** Failed polls in a row (OctoPrint briefly unreachable) before giving up (default 3). */
  maxPollFailures?: number;
}

export interface PrintResult {
  /** Seconds from the start request to the final state. */
  seconds: number;
  finalState: 'completed' | 'cancelled';
}

/** States in which the printer is busy with a job (OctoPrint's `state` text). */
const ACTIVE = new Set(['Starting', 'Printing', 'Pausing', 'Paused', 'Resuming', 'Finishing', 'Cancelling', 'Printing from SD', 'Sending file to SD', 'Transferring file to SD']);

function isActive(state: string): boolean {
  return ACTIVE.has(state) || state.startsWith('Printing');
}

function isFailed(job: OctoPrintJob): boolean {
  return job.state.startsWith('Error') || job.state.startsWith('Offline') || job.state === 'Closed' || job.error !== null;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Uploads `gcode` as `name`, starts it and waits until it is done. Resolves `completed` when
 * OctoPrint is operational again with the job at 100 %, `cancelled` when the signal was aborted
 * (after OctoPrint shows no active print) or someone else cancelled it. Throws `OctoPrintError`
 * when a request fails (retryable where it says so) or the printer reports an error (retryable,
 * with the printer's own message).
 */
export async function printAndWait(client: OctoPrintClient, options: PrintAndWaitOptions): Promise<PrintResult> {
  const { name, signal, onProgress } = options;
  const pollMs = options.pollMs ?? 1000;
  const started = Date.now();
  const seconds = () => (Date.now() - started) / 1000;
  if (signal?.aborted) return { seconds: 0, finalState: 'cancelled' };

  await client.upload(name, options.gcode, { select: true, print: true });

  const jobError = (message: string, printerMessage: string) =>
    new OctoPrintError(message, { url: client.url, request: 'GET /api/job', retryable: true, printerMessage });
  let last: PrintProgress | undefined;
  const report = (progress: PrintProgress) => {
    if (last && last.percent === progress.percent && last.timeLeftS === progress.timeLeftS && last.state === progress.state) return;
    last = progress;
    onProgress?.(progress);
  };

  let seenActive = false;
  let failures = 0;
  const startDeadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  const poll = async (): Promise<OctoPrintJob> => {
    for (;;) {
      try {
        const job = await client.job();
        failures = 0;
        return job;
      } catch (error) {
        if (!(error instanceof OctoPrintError) || !error.retryable || ++failures >= (options.maxPollFailures ?? 3)) throw error;
        await sleep(pollMs);
      }
    }
  };

  while (!signal?.aborted) {
    const job = await poll();
    const ours = job.file === null || job.file.name === name;
    if (isFailed(job)) {
      const said = job.error ?? job.state;
      throw jobError(`OctoPrint at ${client.url}: the printer failed while printing ${name}: ${said}`, said);
    }
    if (isActive(job.state)) {
      seenActive = true;
      if (job.state !== 'Cancelling') report({ percent: job.completion, timeLeftS: job.printTimeLeft, state: job.state });
    } else if (job.state === 'Operational') {
      if (ours && job.completion >= 100) {
        report({ percent: 100, timeLeftS: 0, state: job.state });
        return { seconds: seconds(), finalState: 'completed' };
      }
      // Operational short of 100 % after printing: someone cancelled it (OctoPrint resets progress on cancel).
      if (seenActive) return { seconds: seconds(), finalState: 'cancelled' };
      if (Date.now() > startDeadline) {
        throw jobError(`OctoPrint at ${client.url}: ${name} was uploaded but its print did not start`, job.state);
      }
    }
    await sleep(pollMs, signal);
  }

  // Aborted: cancel, then wait until OctoPrint shows no active print.
  try {
    await client.cancel();
  } catch (error) {
    // 409: nothing printing any more (it just finished, or was cancelled already); the poll below tells which.
    if (!(error instanceof OctoPrintError) || error.status !== 409) throw error;
  }
  const cancelDeadline = Date.now() + (options.cancelTimeoutMs ?? 60_000);
  for (;;) {
    const job = await poll();
    if (!isActive(job.state)) {
      const completed = job.state === 'Operational' && job.completion >= 100 && (job.file === null || job.file.name === name);
      return { seconds: seconds(), finalState: completed ? 'completed' : 'cancelled' };
    }
    if (Date.now() > cancelDeadline) {
      throw jobError(`OctoPrint at ${client.url}: cancelled ${name}, but the printer still shows ${job.state}`, job.state);
    }
    await sleep(Math.min(pollMs, 250));
  }
}
