/**
 * Bolt's and the Web API client's log lines as swaybot log records: one record
 * per call, at the level Bolt chose (debug dropped unless asked for), with the
 * app's secrets scrubbed from the text should a library ever print one.
 */
import { LogLevel, type Logger } from '@slack/bolt';
import type { ActivityLogger } from '../activities/logger.js';

export type SlackLog = Pick<ActivityLogger, 'info' | 'warn' | 'error'> & Partial<Pick<ActivityLogger, 'debug'>>;

const ORDER: LogLevel[] = [LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR];

/** A Bolt `Logger` writing to `log`; `secrets` are replaced by `[redacted]` in every line. */
export function boltLogger(log: SlackLog, secrets: readonly string[]): Logger {
  let level = LogLevel.INFO;
  let name = 'bolt';
  const scrub = (text: string) => secrets.reduce((out, secret) => (secret === '' ? out : out.split(secret).join('[redacted]')), text);
  const line = (parts: unknown[]) => scrub(parts.map((p) => (p instanceof Error ? p.message : typeof p === 'string' ? p : safeJson(p))).join(' '));
  const enabled = (at: LogLevel) => ORDER.indexOf(at) >= ORDER.indexOf(level);
  return {
    debug: (...parts: unknown[]) => {
      if (enabled(LogLevel.DEBUG)) log.debug?.({ source: name }, line(parts));
    },
    info: (...parts: unknown[]) => {
      if (enabled(LogLevel.INFO)) log.info({ source: name }, line(parts));
    },
    warn: (...parts: unknown[]) => {
      if (enabled(LogLevel.WARN)) log.warn({ source: name }, line(parts));
    },
    error: (...parts: unknown[]) => {
      if (enabled(LogLevel.ERROR)) log.error({ source: name }, line(parts));
    },
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: (next: string) => {
      name = next;
    },
  };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
