import { setTimeout as sleep } from 'node:timers/promises';
import { LedgerRejectedError } from '../errors/ledger-rejected.js';
import { LedgerUnavailableError } from '../errors/ledger-unavailable.js';
import { classify } from './classify.js';

/**
 * Bounds for retrying one transaction within one call. Only read conflicts are retried here: they
 * are the normal cost of concurrent writers (every batch reads `batchCount`), and their retry is a
 * fresh transaction with a fresh read, so it is cheap and nearly always passes. Everything else is
 * Temporal's to retry.
 */
export interface RetryPolicy {
  /** Most transactions per call, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** No retry starts once this much time has passed since the first attempt began. */
  budgetMs: number;
}

/**
 * Sized together with the `ledgerRecord` local activity's `LEDGER_ACTIVITY_OPTIONS`
 * (workflows/ledger-events.ts: startToClose 10 s, 10 attempts, backoff 1 s doubling to 30 s):
 * the budget is half of one activity attempt, leaving the other half for the transaction in
 * flight when it runs out and for the group-commit wait. Worst case for one call, a ledger
 * that stays down: 10 attempts of at most 10 s plus 151 s of backoff between them, about
 * 4 min 11 s; a peer that does not answer costs one transaction per attempt, 10 in all.
 * test/fabric/retry-sizing.test.ts fails when the two drift apart (docs/fabric.md).
 */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 100, maxDelayMs: 2000, budgetMs: 5000 };

/** Commit codes worth another transaction within the same call. */
const CONFLICTS = new Set(['MVCC_READ_CONFLICT', 'PHANTOM_READ_CONFLICT']);

/**
 * Runs `attempt`, retrying read conflicts with exponential backoff and jitter (jitter spreads
 * writers that conflicted on the same keys) within `policy`'s attempts and time budget.
 * Chaincode and network refusals become LedgerRejectedError (retryable = false). A peer that
 * gives no answer, and conflicts that outlast the budget, become LedgerUnavailableError
 * (retryable) at once: Temporal's activity retry takes it from there, so the two never multiply.
 * `now` is the clock the budget is measured with (tests pass their own).
 */
export async function withRetry<T>(
  what: string,
  attempt: () => Promise<T>,
  policy: RetryPolicy = DEFAULT_RETRY,
  now: () => number = () => performance.now(),
): Promise<T> {
  const start = now();
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      const c = classify(error);
      if (c.kind === 'unknown') throw error;
      if (c.kind !== 'retry') throw new LedgerRejectedError(c.code, c.reason);
      if (!CONFLICTS.has(c.code)) throw new LedgerUnavailableError(`${what} got no answer: ${c.code}: ${c.reason}`, { cause: error });
      const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (n - 1));
      const delay = ceiling / 2 + Math.random() * (ceiling / 2);
      if (n >= policy.attempts || now() - start + delay >= policy.budgetMs) {
        throw new LedgerUnavailableError(`${what} failed after ${n} attempts; last: ${c.code}: ${c.reason}`, { cause: error });
      }
      await sleep(delay);
    }
  }
}
