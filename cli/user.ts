import { userInfo } from 'node:os';

/** Who the CLI acts as: `--as`, else `$SWAYBOT_USER`, else the OS user name. */
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
