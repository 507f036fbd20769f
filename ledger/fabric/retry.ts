import { setTimeout as sleep } from 'node:timers/promises';
import { LedgerRejectedError } from '../errors/ledger-rejected.js';
import { LedgerUnavailableError } from '../errors/ledger-unavailable.js';
import { classify } from './classify.js';

/** Bounds for retrying one transaction. Defaults: 5 attempts, 100 ms doubling to at most 2 s. */
export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 100, maxDelayMs: 2000 };

/**
 * Runs `attempt` until it succeeds, retrying only what `classify` calls retryable, with
 * exponential backoff and jitter (jitter spreads writers that conflicted on the same keys).
 * Chaincode and network refusals become LedgerRejectedError (retryable = false); retries
 * exhausted become LedgerUnavailableError, which Temporal's activity retry takes from there.
 */
export async function withRetry<T>(what: string, attempt: () => Promise<T>, policy: RetryPolicy = DEFAULT_RETRY): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      const c = classify(error);
      if (c.kind === 'unknown') throw error;
      if (c.kind !== 'retry') throw new LedgerRejectedError(c.code, c.reason);
      if (n >= policy.attempts) {
        throw new LedgerUnavailableError(`${what} failed after ${n} attempts; last: ${c.code}: ${c.reason}`, { cause: error });
      }
      const delay = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (n - 1));
      await sleep(delay / 2 + Math.random() * (delay / 2));
    }
  }
}
