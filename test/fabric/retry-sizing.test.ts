/**
 * The Fabric client's own retry (ledger/fabric/retry.ts) and the `ledgerRecord` activity's retry
 * policy (workflows/ledger-events.ts) are sized together: this fails when one changes without
 * the other, or without the worst case written next to them and in docs/fabric.md.
 */
import ms, { type StringValue } from 'ms';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY } from '../../ledger/fabric/retry.js';
import { LEDGER_ACTIVITY_OPTIONS } from '../../workflows/ledger-events.js';

const toMs = (d: StringValue | number): number => (typeof d === 'number' ? d : ms(d));

describe('ledger retry sizing', () => {
  const { startToCloseTimeout, retry } = LEDGER_ACTIVITY_OPTIONS;
  const attemptMs = toMs(startToCloseTimeout);

  it('keeps the client\'s conflict retries within half of one activity attempt', () => {
    expect(DEFAULT_RETRY.budgetMs).toBeGreaterThan(0);
    expect(DEFAULT_RETRY.budgetMs * 2).toBeLessThanOrEqual(attemptMs);
  });

  it('bounds one ledgerRecord call at the documented worst case (10 attempts, about 4 min 11 s)', () => {
    let backoffMs = 0;
    for (let n = 1; n < retry.maximumAttempts; n++) {
      backoffMs += Math.min(toMs(retry.maximumInterval), toMs(retry.initialInterval) * retry.backoffCoefficient ** (n - 1));
    }
    expect(retry.maximumAttempts).toBe(10);
    expect(retry.maximumAttempts * attemptMs + backoffMs).toBe(251_000);
  });
});
