/**
 * The identity rules the `decide` validator applies (approvals/identity.ts), and the directory
 * the worker hands to runs (activities/directory.ts), without a server.
 */
import { describe, expect, it } from 'vitest';
import { createDirectoryActivities } from '../../activities/directory.js';
import type { ApprovalDirectory } from '../../approvals/directory.js';
import { checkClaim, decisionMessage, identityOf, makeClaim, type Signer } from '../../approvals/identity.js';
import { slackPublicKey } from '../../approvals/service-key.js';
import { readSigningKey } from '../../approvals/ssh-key.js';
import { configSchema } from '../../config/schema.js';
import { hasSshKeygen, makeKey } from './ssh-keys.js';

const NOW = Date.parse('2026-12-06T10:00:00.000Z');

describe.skipIf(!hasSshKeygen)('checkClaim', () => {
  const alice = makeKey('alice@laptop');
  const key = readSigningKey(alice.path, {});
  const signer: Signer = { identity: 'ssh', sign: (m) => key.sign(m) };
  const directory = (identity: 'signed' | 'asserted'): ApprovalDirectory => ({
    identity, groups: { sre: ['alice', 'bob'] }, keys: { alice: [alice.publicKey] }, services: { slack: [] }, maxSkewMs: 600_000,
  });
  const messageAt = (by: string) => (at: string) => decisionMessage({ workflowId: 'w', step: 's', decision: 'approve', by, at });

  it('believes an unsigned claim only where identity is asserted', () => {
    expect(checkClaim(directory('asserted'), { by: 'bob' }, [], NOW)).toEqual({ ok: true, proven: { identity: 'asserted' } });
    expect(checkClaim(directory('signed'), { by: 'bob' }, [], NOW)).toMatchObject({ ok: false, reason: 'Unsigned' });
  });

  it('proves a signed claim over one of the messages it may be bound to, within the skew', async () => {
    const claim = await makeClaim('alice', messageAt('alice'), signer, new Date(NOW - 60_000));
    const messages = [messageAt('alice')('nope'), messageAt('alice')(claim.at!)];
    expect(checkClaim(directory('signed'), claim, messages, NOW)).toEqual({ ok: true, proven: { identity: 'ssh', key: key.fingerprint } });
    expect(checkClaim(directory('signed'), claim, messages, NOW + 10 * 60_000)).toMatchObject({ ok: false, reason: 'StaleSignature' });
    expect(checkClaim(directory('signed'), claim, messages, NOW - 20 * 60_000)).toMatchObject({ ok: false, reason: 'StaleSignature' });
    const { at: _at, ...undated } = claim;
    expect(checkClaim(directory('signed'), undated, messages, NOW)).toMatchObject({ ok: false, reason: 'BadSignature' });
    expect(identityOf(directory('signed'), claim, messages)).toEqual({ identity: 'ssh', key: key.fingerprint });
  });

  it('refuses a bad signature in either mode, but ignores one nothing could check where identity is asserted', async () => {
    const asBob = await makeClaim('bob', messageAt('bob'), signer, new Date(NOW));
    expect(checkClaim(directory('signed'), asBob, [messageAt('bob')(asBob.at!)], NOW)).toMatchObject({ ok: false, reason: 'BadSignature' });
    // bob has no key: the demo believes him, as it would without the signature.
    expect(checkClaim(directory('asserted'), asBob, [messageAt('bob')(asBob.at!)], NOW)).toEqual({ ok: true, proven: { identity: 'asserted' } });
    const tampered = await makeClaim('alice', messageAt('alice'), signer, new Date(NOW));
    expect(checkClaim(directory('asserted'), tampered, [messageAt('alice')('2020-01-01T00:00:00.000Z')], NOW)).toMatchObject({ ok: false, reason: 'BadSignature' });
    expect(identityOf(directory('asserted'), asBob, [messageAt('bob')(asBob.at!)])).toEqual({ identity: 'asserted' });
  });
});

describe('approvalDirectory (the worker side)', () => {
  it("is the worker's groups, people's keys and identity rule, with the Slack app's key when its secret is set", async () => {
    const config = configSchema.parse({
      groups: { sre: ['alice'] },
      approvals: { identity: 'signed', maxSkew: '5m', directory: { people: { alice: { keys: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHf8j0rG2I0Nd8d5Fh6U9hC0J6Y3YzX1GZ8o1m5lqk3Q alice@laptop'] } } } },
    });
    const without = await createDirectoryActivities({ config, env: {} }).approvalDirectory();
    expect(without).toEqual({ identity: 'signed', groups: { sre: ['alice'] }, keys: { alice: [config.approvals.directory.people['alice']!.keys[0]!] }, services: { slack: [] }, maxSkewMs: 300_000 });
    const withSlack = await createDirectoryActivities({ config, env: { SLACK_SIGNING_SECRET: 's3cret' } }).approvalDirectory();
    expect(withSlack.services.slack).toEqual([slackPublicKey('s3cret')]);
    expect(JSON.stringify(withSlack)).not.toContain('s3cret');
  });

  it('refuses a key that is not an ed25519 public key line, at configuration time', () => {
    const bad = configSchema.safeParse({ approvals: { directory: { people: { alice: { keys: ['ssh-rsa AAAAB3NzaC1yc2E alice@old'] } } } } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toContain('expected `ssh-ed25519`');
  });
});
