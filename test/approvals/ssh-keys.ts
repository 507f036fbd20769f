/**
 * SSH keys made by the real `ssh-keygen` (Debian's openssh-client), for approval tests: a
 * person's key pair in a temp folder, signing and verifying with `ssh-keygen -Y`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestKey {
  /** Private key file. */
  path: string;
  /** `ssh-ed25519 AAAA… comment`. */
  publicKey: string;
}

/** True when `ssh-keygen` can be run here. */
export const hasSshKeygen = spawnSync('ssh-keygen', ['-?'], { stdio: 'ignore' }).error === undefined;

/** A fresh ed25519 key pair made by `ssh-keygen -t ed25519` (unencrypted unless `passphrase`). */
export function makeKey(comment: string, options: { type?: string; passphrase?: string } = {}): TestKey {
  const dir = mkdtempSync(join(tmpdir(), 'swaybot-key-'));
  const path = join(dir, 'id');
  execFileSync('ssh-keygen', ['-q', '-t', options.type ?? 'ed25519', '-N', options.passphrase ?? '', '-C', comment, '-f', path], { stdio: 'ignore' });
  return { path, publicKey: readFileSync(`${path}.pub`, 'utf8').trim() };
}

/** What `ssh-keygen -Y sign -n <namespace>` makes of `message` with `key`. */
export function sshKeygenSign(key: TestKey, message: string, namespace = 'swaybot-approval'): string {
  const dir = mkdtempSync(join(tmpdir(), 'swaybot-sig-'));
  const file = join(dir, 'message');
  writeFileSync(file, message);
  execFileSync('ssh-keygen', ['-Y', 'sign', '-f', key.path, '-n', namespace, file], { stdio: 'ignore' });
  return readFileSync(`${file}.sig`, 'utf8');
}

/** True when `ssh-keygen -Y verify` accepts `signature` of `message` by `principal` holding `key`. */
export function sshKeygenVerifies(key: TestKey, principal: string, message: string, signature: string, namespace = 'swaybot-approval'): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'swaybot-verify-'));
  writeFileSync(join(dir, 'allowed'), `${principal} namespaces="${namespace}" ${key.publicKey}\n`);
  writeFileSync(join(dir, 'sig'), signature);
  const result = spawnSync('ssh-keygen', ['-Y', 'verify', '-f', join(dir, 'allowed'), '-I', principal, '-n', namespace, '-s', join(dir, 'sig')], { input: message });
  return result.status === 0;
}
