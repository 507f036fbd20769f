/**
 * Slack request signing (docs.slack.dev "Verifying requests from Slack"): Slack
 * signs every request it sends the app with the app's signing secret; the app
 * checks the signature and refuses old timestamps (replays). The local Slack
 * signs with the same function the app's check mirrors.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The `X-Slack-Signature` of a request: `v0=` and the hex HMAC-SHA256 of `v0:<timestamp>:<body>`. */
export function signSlackRequest(secret: string, timestampSec: number | string, rawBody: string | Buffer): string {
  const hmac = createHmac('sha256', secret);
  hmac.update(`v0:${timestampSec}:`);
  hmac.update(rawBody);
  return `v0=${hmac.digest('hex')}`;
}

export interface VerifySlackRequest {
  secret: string;
  /** `X-Slack-Signature`. */
  signature: string | undefined;
  /** `X-Slack-Request-Timestamp` (Unix seconds). */
  timestamp: string | number | undefined;
  /** The body exactly as received: any re-encoding breaks the signature. */
  rawBody: string | Buffer;
  /** Now, in Unix seconds; defaults to the clock. */
  nowSec?: number;
  /** How far the timestamp may be from now, either way (default 300 s, Slack's advice). */
  toleranceSec?: number;
}

/**
 * Why a request was refused: `missing-headers` (no signature or timestamp, or a timestamp
 * that is not a number), `stale` (timestamp outside the tolerance), `bad-signature`.
 */
export type VerifyResult = { ok: true } | { ok: false; reason: 'missing-headers' | 'stale' | 'bad-signature' };

/** Checks a request's Slack signature in constant time. */
export function verifySlackRequest(request: VerifySlackRequest): VerifyResult {
  const { secret, signature, timestamp, rawBody } = request;
  if (signature === undefined || signature === '' || timestamp === undefined || timestamp === '') return { ok: false, reason: 'missing-headers' };
  const timestampText = String(timestamp);
  if (!/^\d{1,15}$/.test(timestampText)) return { ok: false, reason: 'missing-headers' };
  const nowSec = request.nowSec ?? Math.floor(Date.now() / 1000);
  if (Math.abs(nowSec - Number(timestampText)) > (request.toleranceSec ?? 300)) return { ok: false, reason: 'stale' };
  const expected = Buffer.from(signSlackRequest(secret, timestampText, rawBody));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad-signature' };
  return { ok: true };
}
