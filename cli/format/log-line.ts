/**
 * Makes the worker's pino JSON lines readable in `swaybot up`:
 * `12:04:31 warn  message  step=check-health workflowId=…`. Lines that are not
 * pino JSON pass through unchanged.
 */
import pc from 'picocolors';
import { safeText } from './safe-text.js';

const LEVELS: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
/** Fields every record has, or that only add noise in a terminal. */
const HIDDEN = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'name', 'runId', 'attempt']);

export function formatLogLine(line: string): string {
  if (!line.startsWith('{')) return line;
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  if (typeof record['level'] !== 'number' || typeof record['msg'] !== 'string') return line;
  const level = LEVELS[record['level']] ?? String(record['level']);
  const time = typeof record['time'] === 'number' ? new Date(record['time']).toISOString().slice(11, 19) : '';
  const fields = Object.entries(record)
    .filter(([k]) => !HIDDEN.has(k))
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
  // Log records quote runbooks, alerts and replies: escaped, so only this line's colours reach the terminal.
  const msg = safeText(record['msg']);
  const colour = record['level'] >= 50 ? pc.red : record['level'] >= 40 ? pc.yellow : pc.dim;
  return `${pc.dim(time)} ${colour(level.padEnd(5))} ${msg}${fields ? `  ${pc.dim(safeText(fields))}` : ''}`;
}
