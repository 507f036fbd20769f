/**
 * What the Slack app counts: requests Bolt's signature check refused (401), and
 * how each command and click ended. Plain numbers on the running app
 * (`SlackApp.counters`), so a test or a health line can read them without a
 * metrics registry.
 */
import type { IncomingHttpHeaders } from 'node:http';

/** Why a request was refused before any handler ran. */
export type RefusalReason = 'missing-headers' | 'stale' | 'bad-signature';

export interface SlackAppCounters {
  /** Requests answered 401 by Bolt's verification, by why; none of them reached a handler. */
  refused: Record<RefusalReason, number>;
  /** Slash commands and button clicks that reached a handler. */
  commands: number;
  clicks: number;
  /** Commands and clicks from Slack users not in config `slack.users`. */
  unmapped: number;
  /** Usage errors, unknown ids, bad button values, runbooks that cannot start: answered with what was wrong. */
  badInput: number;
  /** Actions the incident's (or runbook run's) Update validator refused: answered with why. */
  refusedByWorkflow: number;
  /** Unexpected failures (Temporal unreachable, a bug), answered with a short apology and logged. */
  failed: number;
}

export function createSlackCounters(): SlackAppCounters {
  return { refused: { 'missing-headers': 0, stale: 0, 'bad-signature': 0 }, commands: 0, clicks: 0, unmapped: 0, badInput: 0, refusedByWorkflow: 0, failed: 0 };
}

/** Slack's replay window: a request whose timestamp is older than this is stale. */
export const MAX_REQUEST_AGE_SEC = 5 * 60;

/**
 * Why Bolt refused a request, told from its headers alone, in the order Bolt checks them
 * (receivers/verify-request.js): no usable timestamp or signature, then staleness, then the HMAC.
 */
export function refusalReason(headers: IncomingHttpHeaders, nowSec: number = Math.floor(Date.now() / 1000)): RefusalReason {
  const signature = headers['x-slack-signature'];
  const timestamp = Number(headers['x-slack-request-timestamp']);
  if (!Number.isFinite(timestamp)) return 'missing-headers';
  if (timestamp < nowSec - MAX_REQUEST_AGE_SEC) return 'stale';
  return typeof signature === 'string' && signature !== '' ? 'bad-signature' : 'missing-headers';
}
