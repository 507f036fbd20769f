import { logParams } from '../actions/index.js';
import { parseArgs } from './args.js';
import { callSite } from './context.js';
import type { ActivityLogger } from './logger.js';
import { redact } from './redact.js';

/**
 * The `log` action: writes the message through the worker's logger, tagged
 * with the run and step. Secret-looking fields are redacted first.
 */
export function createLog(logger: ActivityLogger) {
  return async function log(raw: unknown): Promise<void> {
    const args = parseArgs(logParams, raw, 'log');
    const fields = (redact(args.fields ?? {}) ?? {}) as Record<string, unknown>;
    logger[args.level]({ ...fields, ...callSite() }, args.message);
  };
}
