import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signSlackRequest, verifySlackRequest } from '../../chat/signing.js';

const secret = '8f742231b10e8888abcd99yyyzzz85a5';
const body = 'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&command=%2Fswaybot&text=ack';
const ts = 1_531_420_618;

describe('Slack request signing', () => {
  it("signs as Slack's documentation example does", () => {
    // docs.slack.dev "Verifying requests from Slack": the published example's secret, timestamp, body and signature.
    const docBody =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    expect(signSlackRequest(secret, ts, docBody)).toBe('v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503');
  });

  it('verifies what it signed, at the edge of the tolerance too', () => {
    const signature = signSlackRequest(secret, ts, body);
    expect(verifySlackRequest({ secret, signature, timestamp: String(ts), rawBody: body, nowSec: ts })).toEqual({ ok: true });
    expect(verifySlackRequest({ secret, signature, timestamp: ts, rawBody: Buffer.from(body), nowSec: ts + 300 })).toEqual({ ok: true });
  });

  it('refuses stale timestamps, old or in the future', () => {
    const signature = signSlackRequest(secret, ts, body);
    expect(verifySlackRequest({ secret, signature, timestamp: ts, rawBody: body, nowSec: ts + 301 })).toEqual({ ok: false, reason: 'stale' });
    expect(verifySlackRequest({ secret, signature, timestamp: ts, rawBody: body, nowSec: ts - 301 })).toEqual({ ok: false, reason: 'stale' });
    expect(verifySlackRequest({ secret, signature, timestamp: ts, rawBody: body, nowSec: ts + 61, toleranceSec: 60 })).toEqual({ ok: false, reason: 'stale' });
  });

  it('refuses requests without the headers or with a timestamp that is not a number', () => {
    const signature = signSlackRequest(secret, ts, body);
    expect(verifySlackRequest({ secret, signature: undefined, timestamp: ts, rawBody: body, nowSec: ts })).toEqual({ ok: false, reason: 'missing-headers' });
    expect(verifySlackRequest({ secret, signature, timestamp: undefined, rawBody: body, nowSec: ts })).toEqual({ ok: false, reason: 'missing-headers' });
    expect(verifySlackRequest({ secret, signature: '', timestamp: '', rawBody: body, nowSec: ts })).toEqual({ ok: false, reason: 'missing-headers' });
    expect(verifySlackRequest({ secret, signature, timestamp: '15314e5', rawBody: body, nowSec: ts })).toEqual({ ok: false, reason: 'missing-headers' });
  });

  it('refuses another secret, another timestamp, a truncated or differently cased signature', () => {
    const signature = signSlackRequest(secret, ts, body);
    const check = (over: Partial<Parameters<typeof verifySlackRequest>[0]>) => verifySlackRequest({ secret, signature, timestamp: ts, rawBody: body, nowSec: ts, ...over });
    expect(check({ secret: `${secret}x` })).toEqual({ ok: false, reason: 'bad-signature' });
    expect(check({ timestamp: ts + 1, nowSec: ts + 1 })).toEqual({ ok: false, reason: 'bad-signature' });
    expect(check({ signature: signature.slice(0, -1) })).toEqual({ ok: false, reason: 'bad-signature' });
    expect(check({ signature: signature.replace('v0=', 'v1=') })).toEqual({ ok: false, reason: 'bad-signature' });
    expect(check({ signature: signature.toUpperCase() })).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('fails for any change of any byte of the body', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 512 }), fc.nat(), fc.integer({ min: 1, max: 255 }), (bytes, at, delta) => {
        const raw = Buffer.from(bytes);
        const signature = signSlackRequest(secret, ts, raw);
        const changed = Buffer.from(raw);
        const i = at % changed.length;
        changed[i] = ((changed[i] as number) + delta) % 256;
        expect(verifySlackRequest({ secret, signature, timestamp: ts, rawBody: raw, nowSec: ts })).toEqual({ ok: true });
        expect(verifySlackRequest({ secret, signature, timestamp: ts, rawBody: changed, nowSec: ts })).toEqual({ ok: false, reason: 'bad-signature' });
      }),
    );
  });
});
