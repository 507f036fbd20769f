import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { cacheDir } from '../temporal-binary.js';

/**
 * Finds `sushy-emulator`: `$SWAYBOT_SUSHY_BIN`, then the venv bootstrap installs into
 * (`<cache>/venv-sushy`), then one on PATH. Throws with the command to run when none exists.
 */
export function findSushyEmulator(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env['SWAYBOT_SUSHY_BIN'];
  if (explicit) {
    if (!existsSync(explicit)) throw new Error(`SWAYBOT_SUSHY_BIN=${explicit} does not exist`);
    return explicit;
  }
  // The cached venv comes first: it is the version bootstrap checked works with --fake.
  const cached = join(cacheDir(env), 'venv-sushy', 'bin', 'sushy-emulator');
  if (existsSync(cached)) return cached;
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, 'sushy-emulator'))) return join(dir, 'sushy-emulator');
  }
  throw new Error(
    'sushy-emulator (Redfish simulator) is not installed. Run `npm run bootstrap`, or:\n' +
      `  python3 -m venv ${join(cacheDir(env), 'venv-sushy')} && ${join(cacheDir(env), 'venv-sushy', 'bin', 'pip')} install sushy-tools`,
  );
}
