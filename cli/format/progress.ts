/** The one live line `runbook check` draws on a terminal while it compiles. */
import { safeText } from './safe-text.js';

/**
 * `checking 37/120 kubevirt/…/drain.md`, cut to `width` columns (default 80) by eliding the middle
 * of the path, so the line never wraps (a wrapped line cannot be redrawn with `\r`).
 */
export function checkProgressLine(done: number, total: number, rawPath: string, width?: number): string {
  // A file name may hold control characters: escaped, they can neither move the cursor nor break the redraw.
  const path = safeText(rawPath);
  const head = `checking ${done}/${total} `;
  // Some terminals report 0 columns (a pty with no size set): assume the classic 80.
  const room = (width && width > 0 ? width : 80) - 1 - head.length;
  if (path.length <= room) return head + path;
  if (room < 2) return head.trimEnd();
  const keep = room - 1;
  const front = Math.floor(keep / 2);
  return `${head}${path.slice(0, front)}…${path.slice(path.length - (keep - front))}`;
}
