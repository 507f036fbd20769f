/**
 * The OctoPrint client and printAndWait against a real OctoPrint 1.11 with its virtual printer
 * (test/support/octoprint.ts): prints a small G-code file to completion, cancels one mid-print,
 * and checks the errors for a refused API key and for a stopped OctoPrint.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OctoPrintClient } from '../../printing/octoprint/client.js';
import { OctoPrintError } from '../../printing/octoprint/errors.js';
import { printAndWait, type PrintProgress } from '../../printing/octoprint/print.js';
import { octoprintFor, startOctoPrint, testGcode, type RunningOctoPrint } from '../support/octoprint.js';

const found = octoprintFor('test/printing/octoprint.test.ts');

/** The error `promise` rejects with; fails the test when it resolves. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection, but it resolved');
}

function octoPrintError(error: unknown): OctoPrintError {
  expect(error).toBeInstanceOf(OctoPrintError);
  return error as OctoPrintError;
}

describe.runIf(found.binary !== undefined)('OctoPrint (real, virtual printer)', () => {
  let octo: RunningOctoPrint;
  let client: OctoPrintClient;

  beforeAll(async () => {
    octo = await startOctoPrint({ ...(found.binary !== undefined ? { binary: found.binary } : {}) });
    client = new OctoPrintClient({ url: octo.url, apiKey: octo.apiKey, timeoutMs: 10_000 });
  });
  afterAll(async () => {
    await octo?.stop();
  });

  it('reports its version and an operational virtual printer', async () => {
    const version = await client.version();
    expect(version.server).toMatch(/^1\.11\./);
    expect(version.api).not.toBe('');
    const connection = await client.connection();
    expect(connection).toMatchObject({ state: 'Operational', port: 'VIRTUAL' });
    expect(connection.ports).toContain('VIRTUAL');
    const printer = await client.printerState();
    expect(printer.flags).toMatchObject({ operational: true, printing: false, ready: true });
    // Temperatures come from the printer's own reports, a moment after it connects.
    const deadline = Date.now() + 15_000;
    let heaters = Object.keys(printer.temperature);
    while (!heaters.includes('tool0') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      heaters = Object.keys((await client.printerState()).temperature);
    }
    expect(heaters).toEqual(expect.arrayContaining(['tool0', 'bed']));
  });

  it('uploads a G-code file and prints it to completion, reporting progress up to 100 %', async () => {
    const seen: PrintProgress[] = [];
    const result = await printAndWait(client, {
      name: 'complete.gcode',
      gcode: Buffer.from(testGcode({ layers: 4, movesPerLayer: 80 })),
      pollMs: 150,
      onProgress: (p) => seen.push(p),
    });
    expect(result.finalState).toBe('completed');
    expect(result.seconds).toBeGreaterThan(0.5);

    const percents = seen.map((p) => p.percent);
    expect(percents.at(-1)).toBe(100);
    for (let i = 1; i < percents.length; i++) expect(percents[i]).toBeGreaterThanOrEqual(percents[i - 1]!);
    // Real progress on the way, not just the end.
    expect(new Set(percents.filter((p) => p > 0 && p < 100)).size).toBeGreaterThanOrEqual(3);
    expect(seen.some((p) => p.state === 'Printing')).toBe(true);
    expect(seen.some((p) => typeof p.timeLeftS === 'number')).toBe(true);

    const job = await client.job();
    expect(job).toMatchObject({ state: 'Operational', completion: 100 });
    expect(job.file?.name).toBe('complete.gcode');
    expect(job.file?.size).toBeGreaterThan(1000);
  });

  it('cancels the print when the signal is aborted mid-print', async () => {
    // From a file path this time; long enough (~8 s) that an abort at 10 % is mid-print.
    const dir = mkdtempSync(join(tmpdir(), 'octoprint-gcode-'));
    const file = join(dir, 'cancel.gcode');
    writeFileSync(file, testGcode({ layers: 8, movesPerLayer: 80 }));
    const controller = new AbortController();
    const seen: PrintProgress[] = [];
    const result = await printAndWait(client, {
      name: 'cancel.gcode',
      gcode: file,
      pollMs: 150,
      signal: controller.signal,
      onProgress: (p) => {
        seen.push(p);
        if (p.percent >= 10) controller.abort();
      },
    });
    expect(controller.signal.aborted).toBe(true);
    expect(result.finalState).toBe('cancelled');
    expect(seen.length).toBeGreaterThan(0);
    expect(Math.max(...seen.map((p) => p.percent))).toBeLessThan(100);

    // OctoPrint itself shows no active print, and the job short of done.
    const printer = await client.printerState();
    expect(printer.flags).toMatchObject({ operational: true, printing: false, cancelling: false });
    const job = await client.job();
    expect(job.state).toBe('Operational');
    expect(job.file?.name).toBe('cancel.gcode');
    expect(job.completion).toBeLessThan(100);
    expect(octo.logTail(200)).toMatch(/Print job cancelled - origin: local, path: cancel\.gcode/);
    // Cancelling again: nothing is printing, so the printer refuses, in its own words (409, retryable).
    const again = octoPrintError(await rejection(client.cancel()));
    expect(again.status).toBe(409);
    expect(again.retryable).toBe(true);
    expect(again.printerMessage).toMatch(/neither printing nor paused/i);
  });

  it('a missing file is a 404 that no retry fixes', async () => {
    const error = octoPrintError(await rejection(client.delete('no-such-file.gcode')));
    expect(error.status).toBe(404);
    expect(error.retryable).toBe(false);
    expect(error.message).toContain(octo.url);
  });

  it('a wrong API key is refused, not retryable, and never shown', async () => {
    const wrongKey = `WRONG${randomBytes(16).toString('hex').toUpperCase()}`;
    const bad = new OctoPrintClient({ url: octo.url, apiKey: wrongKey });
    const error = octoPrintError(await rejection(bad.job()));
    expect(error.retryable).toBe(false);
    expect([401, 403]).toContain(error.status);
    expect(error.message).toMatch(/refused the API key/);
    expect(error.message).not.toContain(wrongKey);
    expect(JSON.stringify(error.details)).not.toContain(wrongKey);
    expect(inspect(bad)).not.toContain(wrongKey);
    expect(JSON.stringify(bad)).not.toContain(wrongKey);
    // The real key is not shown either.
    expect(error.message).not.toContain(octo.apiKey);

    // printAndWait stops at the upload (a POST: OctoPrint answers 400 "CSRF validation failed"), refused the same way.
    const printing = octoPrintError(await rejection(printAndWait(bad, { name: 'refused.gcode', gcode: Buffer.from(testGcode({ layers: 1 })) })));
    expect(printing.retryable).toBe(false);
    expect(printing.request).toBe('POST /api/files/local');
    expect(printing.message).toMatch(/refused the API key/);
    expect(printing.message).not.toContain(wrongKey);
  });

  // Last: it stops the OctoPrint the other tests use.
  it('a stopped OctoPrint is a retryable error naming its URL', async () => {
    await octo.stop();
    const error = octoPrintError(await rejection(client.version()));
    expect(error.retryable).toBe(true);
    expect(error.message).toContain(octo.url);
    expect(error.message).toMatch(/unreachable/);
    expect(error.message).not.toContain(octo.apiKey);
    const printing = octoPrintError(await rejection(printAndWait(client, { name: 'offline.gcode', gcode: Buffer.from(testGcode({ layers: 1 })) })));
    expect(printing.retryable).toBe(true);
    expect(printing.message).toContain(octo.url);
  });
});
