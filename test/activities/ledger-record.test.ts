import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { toLedgerFailure } from '../../activities/ledger-record.js';
import { DuplicateEventError, InvalidEventError, LedgerRejectedError, LedgerUnavailableError } from '../../ledger/index.js';

describe('ledgerRecord failures', () => {
  it('never retries what a retry cannot cure, and retries the rest', () => {
    const cases = [
      [new InvalidEventError(['type: bad']), 'InvalidEventError', true],
      [new DuplicateEventError('a/b/c', 'f'.repeat(64), 'e'.repeat(64)), 'DuplicateEventError', true],
      [new LedgerRejectedError('INVALID_BATCH', 'root does not match'), 'LedgerRejectedError', true],
      [new LedgerUnavailableError('peer unreachable'), 'LedgerUnavailableError', false],
      [new Error('EIO: disk hiccup'), 'Error', false],
    ] as const;
    for (const [error, type, nonRetryable] of cases) {
      const failure = toLedgerFailure(error);
      expect(failure).toBeInstanceOf(ApplicationFailure);
      expect([failure.type, failure.nonRetryable]).toEqual([type, nonRetryable]);
      expect(failure.message).toBe(error.message);
    }
  });
});
