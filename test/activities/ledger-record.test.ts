import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { createLedgerRecord } from '../../activities/ledger-record.js';
import { DuplicateEventError, InvalidEventError, LedgerRejectedError, LedgerUnavailableError, ReadOnlyLedgerError, type EventInput, type Ledger, type Receipt } from '../../ledger/index.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedLedger } from '../../ledger/index.js';
import { memoryLogger } from './memory-logger.js';

const env = () => new MockActivityEnvironment({ activityId: 'step' }, { logger: new DefaultLogger('ERROR') });
const ev = (id: string): EventInput => ({ id, type: 'runbook.step.succeeded', subject: { kind: 'runbook', id: 'r' }, actor: 'swaybot', time: '2026-11-22T10:00:00Z' });

/** A ledger whose append answers each id with `outcome(id)`: a receipt, or the error it throws. */
function ledgerOf(outcome: (id: string) => Error | undefined): Ledger {
  const append = async (e: EventInput): Promise<Receipt> => {
    const error = outcome(e.id);
    if (error) throw error;
    return { eventId: e.id, batch: 1, index: 0, root: 'r' };
  };
  return { append } as unknown as Ledger;
}

async function failureOf(ledger: Ledger, ids: string[]): Promise<ApplicationFailure> {
  const mem = memoryLogger();
  const err = await env().run(createLedgerRecord(ledger, mem.logger), ids.map(ev)).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ApplicationFailure);
  return err as ApplicationFailure;
}

describe('ledgerRecord failures', () => {
  it('never retries what a retry cannot cure, and retries the rest', async () => {
    const cases = [
      [new InvalidEventError(['type: bad']), 'InvalidEventError', true],
      [new DuplicateEventError('a/b/c', 'f'.repeat(64), 'e'.repeat(64)), 'DuplicateEventError', true],
      [new LedgerRejectedError('INVALID_BATCH', 'root does not match'), 'LedgerRejectedError', true],
      [new ReadOnlyLedgerError('Cannot append to ledger `x`: it was opened read-only'), 'ReadOnlyLedgerError', true],
      [new LedgerUnavailableError('peer unreachable'), 'LedgerUnavailableError', false],
      [new Error('EIO: disk hiccup'), 'Error', false],
    ] as const;
    for (const [error, type, nonRetryable] of cases) {
      const failure = await failureOf(ledgerOf(() => error), ['e1']);
      expect([failure.type, failure.nonRetryable]).toEqual([type, nonRetryable]);
      expect(failure.message).toBe(`event \`e1\`: ${error.message}`);
    }
  });

  it('fails retryably when any failure could pass on a retry, naming that event and counting the rest', async () => {
    const refused = new DuplicateEventError('a', 'f'.repeat(64), 'e'.repeat(64));
    const failure = await failureOf(ledgerOf((id) => (id === 'a' ? refused : id === 'c' ? new LedgerUnavailableError('closed') : undefined)), ['a', 'b', 'c']);
    expect(failure).toMatchObject({ type: 'LedgerUnavailableError', nonRetryable: false, message: 'event `c` (and 1 more of 3): closed' });
  });

  it('returns the receipts when every append lands', async () => {
    const receipts = (await env().run(createLedgerRecord(ledgerOf(() => undefined), memoryLogger().logger), [ev('a'), ev('b')])) as Receipt[];
    expect(receipts.map((r) => r.eventId)).toEqual(['a', 'b']);
  });
});

describe('ledgerRecord after a workflow task that timed out', () => {
  it('answers the same fact built again with a later time with the first receipt; a different fact still clashes', async () => {
    const ledger = (await EmbeddedLedger.open({ dir: mkdtempSync(join(tmpdir(), 'swaybot-ledger-record-')) })) as EmbeddedLedger;
    try {
      const record = createLedgerRecord(ledger, memoryLogger().logger);
      const first = { ...ev('inc/incident.escalated#1'), payload: { tier: 1 } };
      const [receipt] = (await env().run(record, [first])) as Receipt[];
      // The task ran again later: same id and fact, the later task's time.
      const [again] = (await env().run(record, [{ ...first, time: '2026-11-22T10:00:07Z' }])) as Receipt[];
      expect(again).toEqual(receipt);
      expect((await ledger.get(first.id))?.time).toBe(first.time);
      const clash = await env().run(record, [{ ...first, payload: { tier: 2 } }]).catch((e: unknown) => e);
      expect(clash).toBeInstanceOf(ApplicationFailure);
      expect((clash as ApplicationFailure).type).toBe('DuplicateEventError');
    } finally {
      await ledger.close();
    }
  });
});
