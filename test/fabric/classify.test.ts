import { status } from '@grpc/grpc-js';
import { StatusCode } from '@hyperledger/fabric-gateway';
import { describe, expect, it } from 'vitest';
import { LedgerRejectedError } from '../../ledger/errors/ledger-rejected.js';
import { LedgerUnavailableError } from '../../ledger/errors/ledger-unavailable.js';
import { classify } from '../../ledger/fabric/classify.js';
import { withRetry } from '../../ledger/fabric/retry.js';
import { chaincodeRejection, commitFailure, commitStatusFailure, endorseFailure, evaluateRejection, submitFailure } from './fabric-errors.js';

const fast = { attempts: 3, baseDelayMs: 1, maxDelayMs: 2, budgetMs: 60_000 };

describe('classify (errors as @hyperledger/fabric-gateway throws them)', () => {
  it('turns a chaincode refusal into its code and the chaincode\'s own words', () => {
    expect(classify(chaincodeRejection('DUPLICATE_EVENT: event id `a` is already recorded (batch 1, index 0)'))).toEqual({
      kind: 'rejected',
      code: 'DUPLICATE_EVENT',
      reason: 'event id `a` is already recorded (batch 1, index 0)',
    });
    expect(classify(chaincodeRejection('ACCESS_DENIED: only Org1MSP identities may append'))).toMatchObject({ kind: 'rejected', code: 'ACCESS_DENIED' });
    expect(classify(evaluateRejection('NOT_FOUND: no batch 9 (the ledger holds 2)'))).toMatchObject({ kind: 'rejected', code: 'NOT_FOUND' });
    expect(classify(chaincodeRejection('something uncoded broke'))).toMatchObject({ kind: 'rejected', code: 'CHAINCODE_ERROR', reason: 'something uncoded broke' });
  });

  it('retries read conflicts and "no answer" gRPC failures, not policy or permission failures', () => {
    expect(classify(commitFailure(StatusCode.MVCC_READ_CONFLICT))).toMatchObject({ kind: 'retry', code: 'MVCC_READ_CONFLICT' });
    expect(classify(commitFailure(StatusCode.PHANTOM_READ_CONFLICT))).toMatchObject({ kind: 'retry', code: 'PHANTOM_READ_CONFLICT' });
    expect(classify(commitFailure(StatusCode.ENDORSEMENT_POLICY_FAILURE))).toMatchObject({ kind: 'fatal', code: 'ENDORSEMENT_POLICY_FAILURE' });
    expect(classify(commitFailure(StatusCode.BAD_CREATOR_SIGNATURE))).toMatchObject({ kind: 'fatal', code: 'BAD_CREATOR_SIGNATURE' });
    expect(classify(endorseFailure(status.UNAVAILABLE))).toMatchObject({ kind: 'retry', code: 'UNAVAILABLE' });
    expect(classify(endorseFailure(status.ABORTED))).toMatchObject({ kind: 'retry', code: 'ABORTED' });
    expect(classify(submitFailure(status.UNAVAILABLE))).toMatchObject({ kind: 'retry', code: 'UNAVAILABLE' });
    expect(classify(commitStatusFailure(status.DEADLINE_EXCEEDED))).toMatchObject({ kind: 'retry', code: 'DEADLINE_EXCEEDED' });
    expect(classify(endorseFailure(status.PERMISSION_DENIED, 'access denied'))).toMatchObject({ kind: 'fatal', code: 'PERMISSION_DENIED' });
    expect(classify(endorseFailure(status.NOT_FOUND, 'chaincode swaybot not found'))).toMatchObject({ kind: 'fatal', code: 'NOT_FOUND' });
    expect(classify(new TypeError('bug'))).toEqual({ kind: 'unknown' });
  });
});

describe('withRetry', () => {
  it('retries read conflicts with a fresh transaction, then succeeds', async () => {
    const errors = [commitFailure(StatusCode.MVCC_READ_CONFLICT), commitFailure(StatusCode.PHANTOM_READ_CONFLICT)];
    let calls = 0;
    await expect(withRetry('AppendBatch', async () => {
      calls += 1;
      const e = errors.shift();
      if (e) throw e;
      return 'ok';
    }, fast)).resolves.toBe('ok');
    expect(calls).toBe(3);
  });

  it('leaves a peer that does not answer to the activity retry: one try, then a retryable LedgerUnavailableError', async () => {
    for (const error of [endorseFailure(status.UNAVAILABLE), submitFailure(status.UNAVAILABLE), commitStatusFailure(status.DEADLINE_EXCEEDED)]) {
      let calls = 0;
      const attempt = withRetry('AppendBatch', async () => {
        calls += 1;
        throw error;
      }, fast);
      await expect(attempt).rejects.toBeInstanceOf(LedgerUnavailableError);
      await expect(attempt).rejects.toMatchObject({ retryable: true, message: expect.stringMatching(/^AppendBatch got no answer: (UNAVAILABLE|DEADLINE_EXCEEDED): /) as unknown });
      expect(calls).toBe(1);
    }
  });

  it('never retries a chaincode refusal: LedgerRejectedError with retryable = false', async () => {
    let calls = 0;
    const attempt = withRetry('AppendBatch', async () => {
      calls += 1;
      throw chaincodeRejection('INVALID_BATCH: events[0].type: expected a dotted lowercase name');
    }, fast);
    await expect(attempt).rejects.toBeInstanceOf(LedgerRejectedError);
    await expect(attempt).rejects.toMatchObject({ retryable: false, code: 'INVALID_BATCH', message: 'The ledger refused the append (INVALID_BATCH): events[0].type: expected a dotted lowercase name' });
    expect(calls).toBe(1);
  });

  it('gives up after the bounded attempts with LedgerUnavailableError naming the last cause', async () => {
    let calls = 0;
    const attempt = withRetry('AppendBatch', async () => {
      calls += 1;
      throw commitFailure(StatusCode.MVCC_READ_CONFLICT);
    }, fast);
    await expect(attempt).rejects.toThrow(LedgerUnavailableError);
    await expect(attempt).rejects.toThrow('AppendBatch failed after 3 attempts; last: MVCC_READ_CONFLICT');
    expect(calls).toBe(3);
  });

  it('starts no retry once its time budget is spent, even with attempts left', async () => {
    let clock = 0;
    let calls = 0;
    const attempt = withRetry('AppendBatch', async () => {
      calls += 1;
      clock += 2000; // each transaction takes 2 s on this clock
      throw commitFailure(StatusCode.MVCC_READ_CONFLICT);
    }, { attempts: 10, baseDelayMs: 1, maxDelayMs: 2, budgetMs: 5000 }, () => clock);
    await expect(attempt).rejects.toThrow('AppendBatch failed after 3 attempts; last: MVCC_READ_CONFLICT');
    expect(calls).toBe(3);
  });
});
