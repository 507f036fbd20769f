import { pino } from 'pino';
import type { ActivityLogger } from '../../activities/index.js';

/** A real pino logger writing JSON lines into an array, to check what reaches the log. */
export function memoryLogger(): { logger: ActivityLogger; lines: () => Record<string, unknown>[]; raw: () => string } {
  const chunks: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (chunk: string) => void chunks.push(chunk) });
  return {
    logger,
    raw: () => chunks.join(''),
    lines: () => chunks.join('').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}
