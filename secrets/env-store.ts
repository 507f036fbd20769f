import { Secret } from '../hardware/secret.js';
import type { SecretRef } from './reference.js';
import { SecretUnavailableError } from './secret-unavailable.js';
import type { SecretStore } from './store.js';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `{secret:env/NAME}`: the variable `NAME` of the worker's environment, when `allowed` lists it. */
export function envStore(allowed: readonly string[], env: NodeJS.ProcessEnv = process.env): SecretStore {
  return {
    name: 'env',
    read(ref: SecretRef): Promise<Secret> {
      if (!ENV_NAME.test(ref.name)) {
        return Promise.reject(new SecretUnavailableError(`Secret \`${ref.text}\`: \`${ref.name}\` is not an environment variable name`, ref.text));
      }
      if (!allowed.some((entry) => matches(entry, ref.name))) {
        const list = allowed.length > 0 ? allowed.join(', ') : 'none';
        return Promise.reject(
          new SecretUnavailableError(`Secret \`${ref.text}\` is not allowed: runbooks may read the environment variables ${list} only`, ref.text),
        );
      }
      const value = env[ref.name];
      if (value === undefined || value === '') {
        return Promise.reject(new SecretUnavailableError(`Secret \`${ref.text}\`: environment variable ${ref.name} is not set in the worker`, ref.text));
      }
      return Promise.resolve(new Secret(value));
    },
  };
}

function matches(entry: string, name: string): boolean {
  return entry.endsWith('*') ? name.startsWith(entry.slice(0, -1)) : name === entry;
}
