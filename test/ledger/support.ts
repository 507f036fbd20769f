/** Shared helpers for the ledger tests: a throwaway folder, a valid event factory, a writer process. */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { onTestFinished } from 'vitest';
import type { EventInput } from '../../ledger/index.js';

export function tempLedgerDir(): string {
  return join(mkdtempSync(join(tmpdir(), 'swaybot-ledger-')), 'ledger');
}

/** A valid step event; `n` varies id, subject and time so queries have something to select. */
export function stepEvent(n: number, overrides: Partial<EventInput> = {}): EventInput {
  return {
    id: `wf-${n}/step-${n % 7}/started`,
    type: n % 2 === 0 ? 'runbook.step.started' : 'runbook.step.succeeded',
    subject: { kind: 'service', id: `svc-${n % 3}` },
    actor: 'swaybot',
    time: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
    payload: { n, note: `event ${n}` },
    ...overrides,
  };
}

/** A `fixtures/writer.ts` process appending to a ledger folder and printing each acknowledged id. */
export interface WriterProcess {
  child: ChildProcessByStdio<null, Readable, Readable>;
  /** Resolves with the signal that ended it. */
  exited: Promise<NodeJS.Signals | null>;
  /** Ids acknowledged so far: whole lines only (a line cut by a kill was not fully acknowledged). */
  acked(): string[];
  /** What the writer printed on stderr (its errors). */
  stderr(): string;
  /** Resolves once at least `n` ids were acknowledged; rejects if the writer exits first. */
  waitForAcks(n: number): Promise<void>;
}

/** Starts the writer on `dir`; it is SIGKILLed when the test finishes. */
export function startWriter(dir: string): WriterProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/ledger/fixtures/writer.ts', dir], {
    cwd: join(import.meta.dirname, '../..'),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  onTestFinished(() => void child.kill('SIGKILL'));
  let out = '';
  let err = '';
  const waiters: (() => void)[] = [];
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    for (const check of waiters) check();
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  const acked = (): string[] => out.split('\n').slice(0, -1);
  const waitForAcks = (n: number) =>
    new Promise<void>((resolve, reject) => {
      const check = () => (acked().length >= n ? resolve() : undefined);
      waiters.push(check);
      void exited.then(() => reject(new Error(`writer exited early: ${err}`)));
      check();
    });
  return { child, exited, acked, waitForAcks, stderr: () => err };
}
