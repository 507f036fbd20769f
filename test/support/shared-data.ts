/**
 * The third-party corpora some tests read in place (NAB, M4 Hourly, the KubeVirt wiki
 * runbooks): `$SWAYBOT_SHARED_DATA/<name>`, else `../shared/data/<name>` beside the checkout.
 * They are not in the repository, so a fresh clone has none: the tests that need one skip,
 * saying why once, and run as soon as it is there. Under CI a missing corpus is an error,
 * so CI never loses those tests quietly.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The corpora of ../shared/data (its README.md names each source and licence). */
export type CorpusName = 'runbooks-dev' | 'nab' | 'm4';

export type Corpus = { dir: string; missing?: undefined } | { dir?: undefined; missing: string };

/** The folder the corpora are read from: `$SWAYBOT_SHARED_DATA`, else `../shared/data` beside the checkout. */
export function sharedDataRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env['SWAYBOT_SHARED_DATA'] || join(import.meta.dirname, '..', '..', '..', 'shared', 'data');
}

/** True under CI (`CI` set to anything but empty, `0` or `false`), where a missing corpus must fail. */
export function isCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const ci = env['CI']?.trim().toLowerCase();
  return ci !== undefined && ci !== '' && ci !== '0' && ci !== 'false';
}

/**
 * Finds corpus `name`. Present: its folder. Absent: outside CI, why it is missing and how
 * to provide it (the caller skips its tests with that reason); under CI, throws that reason.
 */
export function findCorpus(name: CorpusName, env: NodeJS.ProcessEnv = process.env): Corpus {
  const dir = join(sharedDataRoot(env), name);
  if (existsSync(dir)) return { dir };
  const from = env['SWAYBOT_SHARED_DATA'] ? 'SWAYBOT_SHARED_DATA' : 'the default, ../shared/data beside the checkout';
  const missing =
    `corpus ${name} not found at ${dir} (${from}). ` +
    'Put the shared data folder beside the checkout as ../shared/data, or set SWAYBOT_SHARED_DATA to the folder that holds it (docs/getting-started.md, "Test corpora").';
  if (isCi(env)) throw new Error(`${missing} CI runs every corpus test, so a missing corpus fails the run.`);
  return { missing };
}

const warned = new Set<string>();

/**
 * Corpus `name` for the tests of `file`: finds it as `findCorpus` does and, when it is
 * missing, prints `[file] not run: reason` once, like the Fabric tests, so the skip says why.
 * Use the result with `describe.runIf(corpus.dir !== undefined)`.
 */
export function corpusFor(file: string, name: CorpusName): Corpus {
  const corpus = findCorpus(name);
  if (corpus.missing !== undefined && !warned.has(`${file}:${name}`)) {
    warned.add(`${file}:${name}`);
    console.warn(`[${file}] not run: ${corpus.missing}`);
  }
  return corpus;
}
