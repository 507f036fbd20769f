import type { Secret } from '../hardware/secret.js';
import type { SecretRef } from './reference.js';

/**
 * Where references of one `store` name are resolved: the environment, files, and later a
 * secret manager (Vault, a cloud KMS) behind the same two members. `read` is asynchronous
 * for such a store; it fails with `SecretUnavailableError` naming `ref.text`, never a value.
 */
export interface SecretStore {
  /** The store part of a reference: `env` in `{secret:env/NAME}`. */
  readonly name: string;
  read(ref: SecretRef): Promise<Secret>;
}

/**
 * Which secrets runbooks may read. A runbook is written by anyone who can edit the wiki, and a
 * reference sends its value wherever the step's request goes, so the worker's own credentials
 * (its Temporal key, cloud credentials) must not be within reach: only what is listed is.
 */
export interface SecretPolicy {
  /** Environment variable names, or prefixes ending in `*` (`SWAYBOT_SECRET_*`). */
  readonly env: readonly string[];
  /** Folders whose files (at any depth, symbolic links resolved) may be read. */
  readonly files: readonly string[];
}

/** What runbooks may read when nothing else is configured. */
export const DEFAULT_SECRET_POLICY: SecretPolicy = { env: ['SWAYBOT_SECRET_*'], files: ['/etc/swaybot/secrets'] };
