import { pino } from 'pino';

/** The part of a pino logger our activities use; tests inject one writing to memory. */
export interface ActivityLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** The default: JSON lines on stdout, with credentials redacted should a caller pass headers. */
export function defaultLogger(): ActivityLogger {
  return pino({
    name: 'swaybot-activities',
    redact: { paths: ['headers.authorization', 'headers.cookie', '*.headers.authorization'], censor: '[redacted]' },
  });
}
