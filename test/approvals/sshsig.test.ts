/**
 * Approvals are signed in OpenSSH's SSHSIG format: what `ssh-keygen -Y sign` makes verifies in
 * our (workflow-side) code, what we sign verifies with `ssh-keygen -Y verify`, and anything
 * altered, out of namespace or by another key does not.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { readSigningKey, SigningKeyError } from '../../approvals/ssh-key.js';
import { fingerprint, parsePublicKey, verifySignature } from '../../approvals/sshsig.js';
import { hasSshKeygen, makeKey, sshKeygenSign, sshKeygenVerifies } from './ssh-keys.js';

const MESSAGE = '["swaybot-approval/1","runbook-x","power","approve","alice","ok","2026-12-06T10:00:00.000Z"]';

describe.skipIf(!hasSshKeygen)('SSH signatures (ssh-keygen interop)', () => {
  const alice = makeKey('alice@laptop');
  const mallory = makeKey('mallory@laptop');

  it('verifies a signature made by `ssh-keygen -Y sign -n swaybot-approval`', () => {
    const sig = sshKeygenSign(alice, MESSAGE);
    expect(sig).toContain('-----BEGIN SSH SIGNATURE-----');
    const verified = verifySignature(MESSAGE, sig, [alice.publicKey]);
    expect(verified).toEqual({ ok: true, fingerprint: fingerprint(parsePublicKey(alice.publicKey).blob) });
  });

  it('makes signatures that `ssh-keygen -Y verify` accepts, from the key file', async () => {
    const key = readSigningKey(alice.path, {});
    expect(key.publicKey.split(' ').slice(0, 2)).toEqual(alice.publicKey.split(' ').slice(0, 2));
    expect(key.via).toBe('file');
    const sig = await key.sign(MESSAGE);
    expect(sshKeygenVerifies(alice, 'alice', MESSAGE, sig)).toBe(true);
    expect(verifySignature(MESSAGE, sig, [alice.publicKey]).ok).toBe(true);
    // ssh-keygen agrees it is not a signature of something else.
    expect(sshKeygenVerifies(alice, 'alice', `${MESSAGE} `, sig)).toBe(false);
  });

  it('refuses an altered message, another key, another namespace and garbage, saying why', async () => {
    const sig = await readSigningKey(alice.path, {}).sign(MESSAGE);
    const altered = verifySignature(MESSAGE.replace('approve', 'reject'), sig, [alice.publicKey]);
    expect(altered).toMatchObject({ ok: false, reason: expect.stringContaining('does not match') });
    const other = verifySignature(MESSAGE, sig, [mallory.publicKey]);
    expect(other).toMatchObject({ ok: false, reason: expect.stringContaining('not one of theirs') });
    const git = verifySignature(MESSAGE, sshKeygenSign(alice, MESSAGE, 'git'), [alice.publicKey]);
    expect(git).toMatchObject({ ok: false, reason: expect.stringContaining('namespace `git`') });
    expect(verifySignature(MESSAGE, 'not a signature', [alice.publicKey])).toMatchObject({ ok: false, reason: expect.stringContaining('cannot be read') });
    expect(verifySignature(MESSAGE, sig, [])).toMatchObject({ ok: false });
  });

  it('says what to do with a passphrase-protected key when no ssh-agent runs, and refuses other key types', () => {
    const locked = makeKey('alice@locked', { passphrase: 'correct horse' });
    expect(() => readSigningKey(locked.path, {})).toThrow(SigningKeyError);
    expect(() => readSigningKey(locked.path, {})).toThrow(/passphrase.*ssh-agent.*ssh-add/);
    const rsa = makeKey('alice@rsa', { type: 'rsa' });
    expect(() => readSigningKey(rsa.path, {})).toThrow(/not an ed25519 key.*ssh-keygen -t ed25519/);
    expect(() => readSigningKey(join(tmpdir(), 'no-such-key'), {})).toThrow(/No SSH key at/);
    expect(() => parsePublicKey(rsa.publicKey)).toThrow(/expected `ssh-ed25519`/);
  });

  describe('through ssh-agent', () => {
    let agent: ChildProcess | undefined;
    afterAll(() => {
      agent?.kill();
    });

    it('signs with a passphrase-protected key that ssh-agent holds', async () => {
      const socket = join(mkdtempSync(join(tmpdir(), 'swaybot-agent-')), 'agent.sock');
      agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
      for (let i = 0; i < 50 && !existsSync(socket); i++) await new Promise((r) => setTimeout(r, 50));
      const key = makeKey('alice@agent');
      execFileSync('ssh-add', [key.path], { env: { ...process.env, SSH_AUTH_SOCK: socket }, stdio: 'ignore' });
      // The same key, protected by a passphrase: swaybot reads only its public part and asks the agent.
      execFileSync('ssh-keygen', ['-q', '-p', '-P', '', '-N', 'secret phrase', '-f', key.path], { stdio: 'ignore' });
      const signing = readSigningKey(key.path, { SSH_AUTH_SOCK: socket });
      expect(signing.via).toBe('agent');
      const sig = await signing.sign(MESSAGE);
      expect(sshKeygenVerifies(key, 'alice', MESSAGE, sig)).toBe(true);
      expect(verifySignature(MESSAGE, sig, [key.publicKey]).ok).toBe(true);

      const stranger = makeKey('bob@agent', { passphrase: 'other' });
      await expect(readSigningKey(stranger.path, { SSH_AUTH_SOCK: socket }).sign(MESSAGE)).rejects.toThrow(/ssh-agent could not sign.*ssh-add/);
    });
  });
});
