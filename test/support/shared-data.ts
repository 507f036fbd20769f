import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The benchmark data folder, read in place: `$SWAYBOT_SHARED_DATA`, else
 * `../shared/data` beside the checkout (where CI puts it). Throws a clear error
 * when it is missing, so a test that needs it fails loudly instead of passing on nothing.
 */
export function sharedDataDir(sub = ''): string {
  const base = process.env['SWAYBOT_SHARED_DATA'] ?? join(import.meta.dirname, '..', '..', '..', 'shared', 'data');
  const dir = join(base, sub);
  if (!existsSync(dir)) {
    throw new Error(`Shared benchmark data not found at ${dir}: check out ../shared beside the repo or set SWAYBOT_SHARED_DATA`);
  }
  return dir;
}
