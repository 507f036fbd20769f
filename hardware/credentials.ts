import { readFileSync } from 'node:fs';
import { SwaybotError } from '../errors/index.js';
import type { Host } from './inventory.js';
import { Secret } from './secret.js';

/** Username plus the password wrapped so it prints as `[redacted]`. */
export interface Credentials {
  readonly username: string;
  readonly password: Secret;
}

/** A credential reference that cannot be resolved; the message names host and reference, never a value. Not retryable. */
export class CredentialsError extends SwaybotError {
  override name = 'CredentialsError';
  readonly retryable = false;
}

/**
 * Resolves a host's credential reference at call time (environment variable or file),
 * so secrets live only in the activity's memory, never in the inventory, workflow
 * inputs or history. A trailing newline in a password file is dropped.
 */
export function resolveCredentials(host: Host, env: NodeJS.ProcessEnv = process.env): Credentials {
  const { username, password } = host.bmc.credentials;
  if ('env' in password) {
    const value = env[password.env];
    if (value === undefined || value === '') {
      throw new CredentialsError(`host ${host.name}: environment variable ${password.env} (BMC password) is not set`, { details: { host: host.name } });
    }
    return { username, password: new Secret(value) };
  }
  let value: string;
  try {
    value = readFileSync(password.file, 'utf8').replace(/\r?\n$/, '');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new CredentialsError(`host ${host.name}: cannot read BMC password file ${password.file} (${code})`, { details: { host: host.name } });
  }
  if (value === '') throw new CredentialsError(`host ${host.name}: BMC password file ${password.file} is empty`, { details: { host: host.name } });
  return { username, password: new Secret(value) };
}
