import { pino } from 'pino';

/** The part of a pino logger our activities use; tests inject one writing to memory. */
export interface ActivityLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * The default: JSON lines on stdout (`swaybot up` shows them as one readable
 * line each), with credentials redacted should a caller pass headers. `name`
 * tells the lines apart; `level` is the lowest one written (default `info`).
 */
export function defaultLogger(options: { name?: string; level?: 'trace' | 'debug' | 'info' | 'warn' | 'error' } = {}): ActivityLogger {
  return pino({
    name: options.name ?? 'swaybot-activities',
    level: options.level ?? 'info',
    redact: { paths: ['headers.authorization', 'headers.cookie', '*.headers.authorization'], censor: '[redacted]' },
  });
}
