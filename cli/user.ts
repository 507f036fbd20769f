import { existsSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { Signer } from '../approvals/identity.js';
import type { CliOutput } from './io.js';

/**
 * Who the CLI acts as: `--as`, else `$SWAYBOT_USER`, else the OS user name. This is only a claim:
 * where `approvals.identity` is `signed`, a decision or start counts only when it is also signed
 * with one of that person's keys (`approvalSigner`).
 */
export function currentUser(explicit: string | undefined, env: NodeJS.ProcessEnv): string {
  if (explicit) return explicit;
  if (env['SWAYBOT_USER']) return env['SWAYBOT_USER'];
  try {
    return userInfo().username;
  } catch {
    // No passwd entry (some containers): fall back to what the shell says.
    return env['USER'] ?? env['LOGNAME'] ?? 'unknown';
  }
}

/** Where the signing key comes from, in order; the first that names a file wins. */
export function signingKeyPath(explicit: string | undefined, env: NodeJS.ProcessEnv): { path: string; chosen: boolean } {
  if (explicit) return { path: explicit, chosen: true };
  if (env['SWAYBOT_SSH_KEY']) return { path: env['SWAYBOT_SSH_KEY'], chosen: true };
  return { path: join(env['HOME'] || homedir(), '.ssh', 'id_ed25519'), chosen: false };
}

/**
 * The signer of your decisions and starts: the SSH key `--key` names, else `$SWAYBOT_SSH_KEY`,
 * else `~/.ssh/id_ed25519` when it exists. A key you named that cannot sign is an error; the
 * default key is skipped with a warning on `stderr` (then nothing is signed, which counts only
 * where identity is asserted), and no key at all signs nothing.
 */
export async function approvalSigner(explicit: string | undefined, env: NodeJS.ProcessEnv, stderr: CliOutput): Promise<Signer | undefined> {
  const { path, chosen } = signingKeyPath(explicit, env);
  if (!chosen && !existsSync(path)) return undefined;
  const [{ readSigningKey, SigningKeyError }, { CliError }] = await Promise.all([import('../approvals/ssh-key.js'), import('./errors.js')]);
  try {
    const key = readSigningKey(path, env);
    return { identity: 'ssh', key: key.fingerprint, sign: (message) => key.sign(message) };
  } catch (err) {
    if (!(err instanceof SigningKeyError)) throw err;
    const from = explicit ? '--key' : env['SWAYBOT_SSH_KEY'] ? 'SWAYBOT_SSH_KEY' : undefined;
    if (from) throw new CliError(`${from}: ${err.message}`, 2);
    stderr.write(`! not signing with ${path}: ${err.message}\n`);
    return undefined;
  }
}
