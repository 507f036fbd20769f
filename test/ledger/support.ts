/** Shared helpers for the ledger tests: a throwaway folder and a valid event factory. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
