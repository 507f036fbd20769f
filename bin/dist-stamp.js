// Is dist/ (the compiled CLI, `npm run build`) built from the sources as they are now?
// The build writes dist/.stamp.json: every file it compiled and a hash of their paths,
// sizes and modification times. Answering costs one stat per source file (~250, about a
// millisecond), no directory walk: a file that changed, moved or vanished changes the
// hash, and a new file matters only once an existing one imports it, which changes that one.
// Plain JavaScript with no dependencies: the launcher runs it before anything else loads.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The stamp's place inside the build folder. */
export const STAMP_FILE = '.stamp.json';

/**
 * The hash of `files` (paths relative to `root`) as they are on disk now, or undefined when
 * one is missing. Sizes catch an edit within the file system's timestamp resolution.
 * @param {string} root
 * @param {readonly string[]} files
 * @returns {string | undefined}
 */
export function sourceHash(root, files) {
  const hash = createHash('sha256');
  for (const file of files) {
    const st = statSync(join(root, file), { throwIfNoEntry: false });
    if (!st) return undefined;
    hash.update(`${file}\0${st.size}\0${st.mtimeMs}\n`);
  }
  return hash.digest('hex');
}

/**
 * Why `dist` cannot run for the sources under `root`, or undefined when it is up to date.
 * @param {string} root the repository root
 * @param {string} [dist] the build folder (default `<root>/dist`)
 * @returns {string | undefined}
 */
export function distStaleReason(root, dist = join(root, 'dist')) {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(join(dist, STAMP_FILE), 'utf8'));
  } catch {
    return `no build in ${dist} (run npm run build)`;
  }
  if (!Array.isArray(stamp?.files) || typeof stamp.hash !== 'string') return `unexpected ${STAMP_FILE} in ${dist}, expected { files, hash }`;
  if (sourceHash(root, stamp.files) !== stamp.hash) return `sources changed since the build in ${dist}`;
  return undefined;
}
