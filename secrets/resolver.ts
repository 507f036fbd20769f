import type { Secret } from '../hardware/secret.js';
import { envStore } from './env-store.js';
import { fileStore } from './file-store.js';
import { hasSecretRef, splitSecretRefs, type SecretRef } from './reference.js';
import { Scrubber } from './scrubber.js';
import { SecretUnavailableError } from './secret-unavailable.js';
import { DEFAULT_SECRET_POLICY, type SecretPolicy, type SecretStore } from './store.js';

/** Resolves secret references through its stores, one `SecretSession` per activity call. */
export class SecretResolver {
  readonly #stores: ReadonlyMap<string, SecretStore>;

  constructor(stores: readonly SecretStore[]) {
    this.#stores = new Map(stores.map((s) => [s.name, s]));
  }

  /** A session: what it resolves, its `scrubber` removes again. Use one per call and drop it. */
  session(): SecretSession {
    return new SecretSession(this.#stores);
  }
}

/** The environment and file stores under `policy` (default: `SWAYBOT_SECRET_*`, `/etc/swaybot/secrets`). */
export function defaultSecretResolver(policy: SecretPolicy = DEFAULT_SECRET_POLICY, env: NodeJS.ProcessEnv = process.env): SecretResolver {
  return new SecretResolver([envStore(policy.env, env), fileStore(policy.files)]);
}

/** The references one call resolved, each read once, and the scrubber that hides them. */
export class SecretSession {
  readonly scrubber = new Scrubber();
  readonly #stores: ReadonlyMap<string, SecretStore>;
  readonly #read = new Map<string, Promise<Secret>>();

  constructor(stores: ReadonlyMap<string, SecretStore>) {
    this.#stores = stores;
  }

  /** `text` with every reference replaced by its value (text without references comes back as is). */
  async text(text: string): Promise<string> {
    if (!hasSecretRef(text)) return text;
    const parts = await Promise.all(splitSecretRefs(text).map((p) => (p.kind === 'text' ? p.text : this.#reveal(p.ref))));
    return parts.join('');
  }

  /** A copy of `value` with references resolved in every string (object keys are left alone). */
  async value(value: unknown): Promise<unknown> {
    if (typeof value === 'string') return this.text(value);
    if (Array.isArray(value)) return Promise.all(value.map((v) => this.value(v)));
    if (value === null || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      Object.defineProperty(out, key, { value: await this.value(v), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }

  async #reveal(ref: SecretRef): Promise<string> {
    let pending = this.#read.get(ref.text);
    if (!pending) {
      const store = this.#stores.get(ref.store);
      if (!store) {
        const known = [...this.#stores.keys()].map((s) => `\`${s}\``).join(', ');
        throw new SecretUnavailableError(`Secret \`${ref.text}\`: unknown store \`${ref.store}\`, expected one of ${known}`, ref.text);
      }
      pending = store.read(ref);
      this.#read.set(ref.text, pending);
    }
    const secret = await pending;
    this.scrubber.add(secret, ref.text);
    return secret.reveal();
  }
}
