import { open, realpath } from 'node:fs/promises';
import { posix, sep } from 'node:path';
import { Secret } from '../hardware/secret.js';
import type { SecretRef } from './reference.js';
import { SecretUnavailableError } from './secret-unavailable.js';
import type { SecretStore } from './store.js';

/** A secret file is a token or a key, not a document: bigger ones are refused unread. */
export const MAX_SECRET_FILE_BYTES = 64 * 1024;

/**
 * `{secret:file/etc/swaybot/secrets/pager}`: the file `/etc/swaybot/secrets/pager` (the name is an
 * absolute path without its leading `/`), when it lies inside one of `folders` once symbolic links
 * are resolved. One trailing newline is dropped, as `echo` and editors add it.
 */
export function fileStore(folders: readonly string[]): SecretStore {
  return {
    name: 'file',
    async read(ref: SecretRef): Promise<Secret> {
      const path = `/${ref.name}`;
      const fail = (why: string) => new SecretUnavailableError(`Secret \`${ref.text}\`: ${why}`, ref.text);
      if (posix.normalize(path) !== path || path.endsWith('/')) throw fail(`\`${path}\` is not a plain absolute file path (no \`.\`, \`..\` or \`//\`)`);
      const real = await realpath(path).catch((err: NodeJS.ErrnoException) => {
        throw fail(`cannot read ${path} (${err.code ?? 'unreadable'})`);
      });
      if (!(await insideAny(real, folders))) {
        throw new SecretUnavailableError(
          `Secret \`${ref.text}\` is not allowed: runbooks may read files in ${folders.length > 0 ? folders.join(', ') : 'no folder'} only`,
          ref.text,
        );
      }
      const value = await readSmall(real, MAX_SECRET_FILE_BYTES).catch((err: NodeJS.ErrnoException | SecretUnavailableError) => {
        throw err instanceof SecretUnavailableError ? err : fail(`cannot read ${path} (${err.code ?? 'unreadable'})`);
      });
      if (value === undefined) throw fail(`${path} is larger than ${MAX_SECRET_FILE_BYTES / 1024} KiB or not a regular file`);
      const text = value.replace(/\r?\n$/, '');
      if (text === '') throw fail(`${path} is empty`);
      return new Secret(text);
    },
  };
}

async function insideAny(file: string, folders: readonly string[]): Promise<boolean> {
  for (const folder of folders) {
    const root = await realpath(folder).catch(() => undefined);
    if (root !== undefined && file.startsWith(root.endsWith(sep) ? root : root + sep)) return true;
  }
  return false;
}

/** The file's text, or undefined when it is not a regular file or exceeds `limit` bytes. */
async function readSmall(path: string, limit: number): Promise<string | undefined> {
  const handle = await open(path, 'r');
  try {
    const stat = await handle.stat();
    if (!stat.isFile() || stat.size > limit) return undefined;
    const buffer = Buffer.alloc(limit + 1);
    const { bytesRead } = await handle.read(buffer, 0, limit + 1, 0);
    return bytesRead > limit ? undefined : buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}
